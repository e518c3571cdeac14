//! CSV text written with the `csv` crate: fields quoted where they must be (a comma, a
//! quote or a line break in a name), records ended by `\n`.

/// CSV records collected into a string.
pub struct CsvLines {
    writer: csv::Writer<Vec<u8>>,
}

impl Default for CsvLines {
    fn default() -> Self {
        Self::new()
    }
}

impl CsvLines {
    pub fn new() -> Self {
        let writer =
            csv::WriterBuilder::new().flexible(true).terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
        Self { writer }
    }

    /// Append one record.
    pub fn record<I, T>(&mut self, fields: I)
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        // Writing into memory cannot fail.
        self.writer.write_record(fields).expect("CSV into memory");
    }

    /// The text written so far.
    pub fn finish(self) -> String {
        let bytes = self.writer.into_inner().expect("CSV into memory");
        String::from_utf8(bytes).expect("CSV of UTF-8 fields")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_where_needed() {
        let mut w = CsvLines::new();
        w.record(["point", "arm[A, B].dropout", "say \"hi\"", ""]);
        w.record(["1", "two\nlines", "3"]);
        assert_eq!(w.finish(), "point,\"arm[A, B].dropout\",\"say \"\"hi\"\"\",\n1,\"two\nlines\",3\n");
    }
}
