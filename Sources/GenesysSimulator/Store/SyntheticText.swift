import Foundation

/// The phrase book seeded messages draw from: multilingual, with emoji, and occasionally PII-looking text.
enum SyntheticText {
    static let customer: [String] = [
        "Hi, I need help with my order",
        "My package still hasn't arrived 📦",
        "Can you check the status of order #A-10482?",
        "Hola, necesito cambiar la dirección de entrega",
        "Bonjour, ma commande est arrivée endommagée 😞",
        "Guten Tag, ich möchte mein Abo kündigen",
        "こんにちは、注文の状況を教えてください",
        "我的账户无法登录，请帮忙",
        "The app keeps crashing when I open the cart 🤔",
        "Thanks so much! 🙏✨",
        "ok",
        "👍",
        "Is there a discount for annual plans?",
        "I was charged twice this month 💳💳",
        "Can I speak to a human please?",
        "Where is my refund? It has been 10 days.",
        "Привет! Как отследить посылку?",
        "مرحبا، أحتاج إلى مساعدة في حسابي",
        "The tracking link says \"delivered\" but nothing is here",
        "Olá! Vocês entregam no sábado?",
        "Great, that worked 🎉",
        "Line one\nLine two of a longer message with a newline",
    ]

    static let agent: [String] = [
        "Hello! Thanks for reaching out, I'm happy to help 😊",
        "Could you share your order number, please?",
        "I've checked and your parcel is with the courier 🚚",
        "I'm sorry about that, let me fix it right away.",
        "Your refund has been issued and should arrive in 3–5 business days.",
        "Is there anything else I can help you with?",
        "Claro, ya actualicé la dirección de entrega.",
        "Je suis désolé pour ce désagrément.",
        "I've escalated this to our technical team.",
        "Have a wonderful day! 🌞",
        "Done ✅",
    ]

    static let bot: [String] = [
        "Hi! I'm the virtual assistant 🤖 How can I help today?",
        "Please choose: Orders, Billing or Technical support.",
        "Connecting you to an agent, one moment please…",
        "I didn't quite get that. Could you rephrase?",
    ]

    static let sensitive: [String] = [
        "My card number is 4111 1111 1111 1111, expiry 12/29",
        "You can email me at maria.gonzalez@example.com",
        "Call me back on +1 415 555 0132 please",
        "My IBAN is DE89 3704 0044 0532 0130 00",
        "Card 5500-0000-0000-0004 was declined",
        "Reach me at jean.dupont+orders@example.org or 06 12 34 56 78",
    ]

    static let wrapupNotes: [String] = [
        "Customer asked about delivery; resolved.",
        "Refund issued 💸, follow up in 5 days",
        "Escalated to tier 2 — app crash on checkout",
        "Cliente satisfecho ✅",
        "Customer left before resolution",
        "Verified identity, callback requested on +44 20 7946 0958",
    ]

    static let wrapupTags: [String] = [
        "vip", "refund", "delivery", "bug", "billing", "escalated", "spanish", "churn-risk",
    ]

    static let agentNames: [String] = [
        "Ava Thompson", "José Núñez", "李雷", "Zoë O'Brien", "Mohammed Al-Farsi", "Ingrid Søren",
        "Priya Natarajan", "Björn Ek", "Chloé Martin", "Kenji Watanabe", "Olu Adeyemi", "Sofía Rossi",
    ]

    static let customerNames: [String] = [
        "Maria Gonzalez", "Jean Dupont", "Anna Müller", "小明", "Liam Murphy", "Aisha Khan",
        "Tomás Silva", "Emma Wilson", "Yuki Tanaka", "Noah Cohen", "Fatima Zahra", "Олег Петров",
    ]

    static let wrapupCodes: [String] = [
        "Resolved", "Follow-up required", "Billing question", "Technical issue", "Complaint", "Sale",
        "Spam", "Transferred",
    ]
}
