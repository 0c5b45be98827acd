import Foundation
import GenesysModels

/// One page of analytics conversation-detail records (34, 37) or a multi-get answer (40), each record with its bytes.
package struct AnalyticsPage: Sendable {
    /// The records, in the page's order; elements without a `conversationId` are left out.
    package var records: [AnalyticsRecord]
    /// Conversation elements the page carried (including any left out), for paging decisions.
    package var elementCount: Int
    /// `totalHits` of a synchronous query page.
    package var totalHits: Int?
    /// The cursor of the next async-job page, nil on the last one.
    package var cursor: String?

    /// Creates a page from records.
    package init(records: [AnalyticsRecord], elementCount: Int? = nil, totalHits: Int? = nil, cursor: String? = nil) {
        self.records = records
        self.elementCount = elementCount ?? records.count
        self.totalHits = totalHits
        self.cursor = cursor
    }

    /// Reads the records of the array member `conversations` of a response body.
    ///
    /// - Throws: `RawJSON.SliceError` when the body is not a JSON object with a well-formed `conversations` array.
    package init(body: Data, totalHits: Int?, cursor: String?) throws {
        let ranges = try RawJSON.arrayElements(ofMember: "conversations", in: body) ?? []
        let base = body.startIndex
        let records = ranges.compactMap { range in
            AnalyticsRecord(json: Data(body[(base + range.lowerBound)..<(base + range.upperBound)]))
        }
        self.init(records: records, elementCount: ranges.count, totalHits: totalHits, cursor: cursor)
    }
}
