//! `LineIndex`: byte offsets to 1-based lines and columns and back.

use ww_cql_syntax::{parse_library, LineIndex};

#[test]
fn offsets_map_to_lines_and_columns() {
    let text = "ab\ncd\r\n\nxé\u{1F600}z";
    let index = LineIndex::new(text);
    let cases = [
        (0, (1, 1)),
        (1, (1, 2)),
        (2, (1, 3)),
        (3, (2, 1)),
        (5, (2, 3)),
        (6, (2, 4)),
        (7, (3, 1)),
        (8, (4, 1)),
        (9, (4, 2)),
        (11, (4, 3)),
        (15, (4, 4)),
        (16, (4, 5)),
        (99, (4, 5)),
    ];
    for (offset, expect) in cases {
        assert_eq!(index.line_col(offset), expect, "offset {offset}");
    }
    // Inside a multi-byte character: that character's column.
    assert_eq!(index.line_col(10), (4, 2));
    assert_eq!(index.line_count(), 4);
    assert_eq!(index.position(9), "4:2");
}

#[test]
fn line_and_column_map_back_to_offsets() {
    let text = "ab\ncd\r\n\nxé\u{1F600}z";
    let index = LineIndex::new(text);
    for offset in [0, 1, 2, 3, 5, 7, 8, 9, 11, 15, 16] {
        let (l, c) = index.line_col(offset);
        assert_eq!(index.offset(l, c), Some(offset), "offset {offset}");
    }
    assert_eq!(index.offset(1, 9), None);
    assert_eq!(index.offset(9, 1), None);
    assert_eq!(index.offset(0, 1), None);
}

#[test]
fn diagnostics_render_as_file_line_col() {
    let src = "library L\n\n  define X: (1 +\n";
    let (_, diags) = parse_library(src);
    assert_eq!(
        diags[0].render("measure.cql"),
        "measure.cql:3:16: error: expected an expression after '+', found end of input (at 4:1)"
    );
}
