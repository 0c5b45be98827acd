extension String {
    /// This string with each Unicode scalar for which `replacement` returns a string replaced by that string.
    ///
    /// The one scalar-by-scalar rewrite behind the export's escaping rules (HTML text, printable error lines):
    /// each rule says only what it replaces.
    package func replacingScalars(_ replacement: (Unicode.Scalar) -> String?) -> String {
        var result = ""
        result.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            if let replaced = replacement(scalar) {
                result += replaced
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
