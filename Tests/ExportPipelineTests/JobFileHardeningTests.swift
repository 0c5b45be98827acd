import ExportPipeline
import Foundation
import Testing

/// The faults the job-file fuzz found, one by one, with the exact problem each must produce.
struct JobFileHardeningTests {
    static let file = URL(fileURLWithPath: "/jobs/x.yaml")

    /// The problems `bytes` produce, as printed.
    static func problems(_ bytes: [UInt8]) -> [String] {
        do {
            _ = try JobSpec.load(data: Data(bytes), fileURL: file)
            return []
        } catch let error as JobValidationError {
            return error.problems.map(\.description)
        } catch {
            return ["unexpected \(error)"]
        }
    }

    static func problems(_ text: String) -> [String] { problems(Array(text.utf8)) }

    static let valid = "name: ok\nsource: {active: true}\noutput: {sqlite: x.sqlite}\n"

    @Test(.timeLimit(.minutes(5))) func anAliasBombIsRefusedWhereItGrowsTooLargeWithoutExpandingIt() {
        var definitions = ["&l0 [" + Array(repeating: "lol", count: 10).joined(separator: ", ") + "]"]
        for level in 1...9 {
            definitions.append("&l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        // Used as a mapping key, Yams would hash all 10^9 expanded nodes.
        let yaml = "description: [" + definitions.joined(separator: ", ") + "]\n? *l9\n: 1\n" + Self.valid
        #expect(
            Self.problems(yaml) == [
                "/jobs/x.yaml:1:223: description[3][7]: the document expands to more than 10000 values once its "
                    + "aliases are expanded (an alias bomb?); a job file needs only a few dozen"
            ]
        )
    }

    @Test func aliasesToWholeValuesStillWork() throws {
        let yaml = "name: &n shared\ndescription: *n\nsource: {active: true}\noutput: &o {sqlite: x.sqlite}\n"
        let job = try JobSpec.load(data: Data(yaml.utf8), fileURL: Self.file)
        #expect(job.name == "shared")
        #expect(job.description == "shared")
    }

    @Test func nestingDeeperThan64IsRefusedAtTheFirstLevelTooDeep() {
        let yaml = "description: " + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "\n"
        #expect(
            Self.problems(yaml) == [
                "/jobs/x.yaml:1:77: description" + String(repeating: "[0]", count: 63)
                    + ": lists and mappings are nested more than 64 deep"
            ]
        )
    }

    @Test func aDuplicateKeyIsReportedAtItsSecondOccurrenceWithItsKeyPath() {
        let yaml = "name: a\nsource: {active: true}\noutput:\n  sqlite: x.sqlite\n  sqlite: y.sqlite\n"
        #expect(
            Self.problems(yaml) == [
                "/jobs/x.yaml:5:3: output.sqlite: the key `sqlite` appears more than once in this mapping (first on line 4)"
            ]
        )
    }

    @Test func aNULByteAndAnInvalidUTF8ByteAreReportedWhereTheyAre() {
        #expect(
            Self.problems(Array("name: a".utf8) + [0] + Array("b\n".utf8))
                == ["/jobs/x.yaml:1:8: is not valid YAML text: control characters are not allowed (U+0000)"]
        )
        #expect(
            Self.problems(Array("name: ok\nsource:\n  active: tr".utf8) + [0xFF] + Array("ue\n".utf8))
                == ["/jobs/x.yaml:3:13: the job file is not UTF-8 text (byte 0xFF cannot start or continue a character)"]
        )
    }

    @Test func anEscapedLoneSurrogateIsAYAMLErrorWithItsPosition() {
        let problems = Self.problems("name: \"\\uD800\"\n")
        #expect(problems.count == 1)
        #expect(
            problems == [
                "/jobs/x.yaml:1:10: is not valid YAML: while parsing a quoted scalar, "
                    + "found invalid Unicode character escape code"
            ]
        )
    }

    @Test func controlAndBidiCharactersInMessagesAreEscapedSoEachProblemIsOneLine() {
        let problems = Self.problems("name: \"a\\u202Eb\\tc\"\nsource: {active: true}\noutput: {sqlite: x.sqlite}\n")
        #expect(problems.count == 1)
        #expect(problems.first?.contains("a\\u{202E}b\\tc") == true, "\(problems)")
        #expect(problems.first?.contains("\u{202E}") == false)
    }

    @Test func aKeyCutShortAtTheEndIsReportedWhereItStartsNotPastTheEnd() {
        #expect(
            Self.problems("name: t\nsource:\n  active: true\noutput: {sqlite: x.sqlite}\nfet")
                == ["/jobs/x.yaml:5:1: is not valid YAML: while scanning a simple key, could not find expected ':'"]
        )
    }

    @Test func anEmptyFileAndAMergeKeyAreReportedAtAPosition() {
        #expect(Self.problems("") == ["/jobs/x.yaml:1:1: the job file is empty; it needs at least name, source and output"])
        let merge = Self.problems("name: m\nsource: {active: true}\noutput: {sqlite: x.sqlite}\nfetch: {<<: {wrapups: false}}\n")
        #expect(
            merge == [
                "/jobs/x.yaml:4:9: fetch.<<: merge keys (`<<: *anchor`) are not supported; write the keys out "
                    + "(an alias may stand for a whole value, like `fetch: *defaults`)"
            ]
        )
    }

    @Test func aJobFileOverOneMebibyteIsRefusedBeforeParsing() {
        let big = Self.valid + "description: \"" + String(repeating: "x", count: 1 << 20) + "\"\n"
        #expect(
            Self.problems(big) == [
                "/jobs/x.yaml:1:1: the job file is \(big.utf8.count) bytes; a job file may be at most 1048576 bytes"
            ]
        )
    }
}
