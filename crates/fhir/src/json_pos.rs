//! Byte offsets to 1-based line numbers, for error messages that point into JSON files.

/// Start offsets of every line of a text, for offset -> line look-ups in O(log n).
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text` (one pass over its bytes).
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// 1-based line holding byte `offset`.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// Byte offset of `inner` inside `outer`; `inner` must be a sub-slice of `outer` (it is for
/// every borrowed `RawValue` deserialized from `outer`), else 0.
pub(crate) fn offset_in(outer: &str, inner: &str) -> usize {
    let start = outer.as_ptr() as usize;
    let at = inner.as_ptr() as usize;
    if at >= start && at <= start + outer.len() {
        at - start
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_one_based_and_newline_belongs_to_its_line() {
        let text = "ab\ncd\n\nef";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_of(0), 1);
        assert_eq!(idx.line_of(2), 1);
        assert_eq!(idx.line_of(3), 2);
        assert_eq!(idx.line_of(6), 3);
        assert_eq!(idx.line_of(7), 4);
        assert_eq!(idx.line_of(8), 4);
    }

    #[test]
    fn offset_of_sub_slice() {
        let text = "hello world";
        assert_eq!(offset_in(text, &text[6..]), 6);
        let other = String::from("elsewhere, on the heap");
        assert_eq!(offset_in(text, &other), 0);
    }
}
