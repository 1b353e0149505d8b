//! The CQL lexer: turns source text into tokens with byte spans.
//!
//! Token rules follow the lexer rules of `Cql.g4` / `fhirpath.g4` (HL7/cql): `IDENTIFIER`,
//! `QUOTEDIDENTIFIER`, `DELIMITEDIDENTIFIER`, `STRING`, `NUMBER`, `LONGNUMBER`, `DATE`,
//! `DATETIME`, `TIME`, whitespace and comments (skipped). Keywords are single words
//! recognised here ([`Kw`]); the grammar's two-word keywords (`such that`, `included in`,
//! `or before`, ...) are recognised by the parser from consecutive tokens, so any amount of
//! whitespace may separate the words.

use crate::ast::Span;
use crate::diagnostic::{Diagnostic, LineIndex};

/// A token kind. Literal and identifier tokens keep their processed text in [`Token::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    /// `IDENTIFIER`: a plain word that is not a keyword.
    Ident,
    /// `"quoted identifier"` (text unescaped, without quotes).
    QuotedIdent,
    /// `` `delimited identifier` `` (text unescaped, without quotes).
    DelimitedIdent,
    /// A keyword (see [`Kw`]).
    Keyword(Kw),
    /// `'string'` (text unescaped, without quotes).
    String,
    /// `123` or `1.5` (text as written).
    Number,
    /// `123L` (text without the `L`).
    LongNumber,
    /// `@2024-01-01` (text after `@`).
    Date,
    /// `@2024-01-01T10:00` (text after `@`).
    DateTime,
    /// `@T10:00` (text after `@T`).
    Time,
    /// `$this`, `$index`, `$total` (text without `$`).
    Dollar,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// `,`
    Comma,
    /// `.`
    Dot,
    /// `:`
    Colon,
    /// `+`
    Plus,
    /// `-`
    Minus,
    /// `*`
    Star,
    /// `/`
    Slash,
    /// `^`
    Caret,
    /// `&`
    Amp,
    /// `|`
    Pipe,
    /// `=`
    Eq,
    /// `!=`
    NotEq,
    /// `~`
    Tilde,
    /// `!~`
    NotTilde,
    /// `~in` (written without space)
    TildeIn,
    /// `~contains` (written without space)
    TildeContains,
    /// `<`
    Lt,
    /// `<=`
    LtEq,
    /// `>`
    Gt,
    /// `>=`
    GtEq,
    /// `->`
    Arrow,
    /// `%`
    Percent,
    /// `#`
    Hash,
    /// End of input.
    Eof,
}

macro_rules! keywords {
    ($($name:ident = $text:literal,)*) => {
        /// The single-word keywords of CQL (`keyword` rule of `Cql.g4`).
        #[allow(missing_docs)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Kw { $($name,)* }

        impl Kw {
            /// The keyword as written (keywords are case-sensitive: `Code` differs from `code`).
            pub fn text(self) -> &'static str {
                match self { $(Kw::$name => $text,)* }
            }

            /// Every keyword, in declaration order.
            pub const ALL: &'static [Kw] = &[$(Kw::$name,)*];

            /// The keyword spelled `word`, if any (a hash lookup: the lexer calls this for
            /// every word).
            pub fn from_word(word: &str) -> Option<Kw> {
                // Keywords are 2 to 14 ASCII letters; anything else is a name.
                if word.len() < 2 || word.len() > 14 {
                    return None;
                }
                static TABLE: std::sync::OnceLock<std::collections::HashMap<&'static str, Kw>> =
                    std::sync::OnceLock::new();
                TABLE
                    .get_or_init(|| Kw::ALL.iter().map(|k| (k.text(), *k)).collect())
                    .get(word)
                    .copied()
            }
        }
    };
}

keywords! {
    After = "after", Aggregate = "aggregate", All = "all", And = "and", As = "as",
    Asc = "asc", Ascending = "ascending", Before = "before", Between = "between",
    Bind = "bind", By = "by", Called = "called", Case = "case", Cast = "cast",
    CodeLower = "code", CodeUpper = "Code", Codesystem = "codesystem",
    Codesystems = "codesystems", Collapse = "collapse", ConceptLower = "concept",
    ConceptUpper = "Concept", Contains = "contains", Context = "context",
    Conversion = "conversion", Convert = "convert", Date = "date", Day = "day", Days = "days",
    Default = "default", Define = "define", Desc = "desc", Descending = "descending",
    Difference = "difference", Display = "display", Distinct = "distinct", Div = "div",
    Duration = "duration", During = "during", Else = "else", End = "end", Ends = "ends",
    Except = "except", Exists = "exists", Expand = "expand", Explicit = "explicit",
    Extends = "extends", False = "false", Flatten = "flatten", Fluent = "fluent",
    From = "from", Function = "function", Hour = "hour", Hours = "hours",
    Identifier = "identifier", If = "if", Implicit = "implicit", Implies = "implies",
    In = "in", Include = "include", Includes = "includes", Intersect = "intersect",
    Interval = "Interval", Is = "is", Key = "key", Label = "label", Let = "let",
    Library = "library", List = "List", Maximum = "maximum", Meets = "meets",
    Millisecond = "millisecond", Milliseconds = "milliseconds", Minimum = "minimum",
    Minute = "minute", Minutes = "minutes", Mod = "mod", Month = "month", Months = "months",
    Not = "not", Null = "null", Occurs = "occurs", Of = "of", Or = "or", Ordered = "ordered",
    Overlaps = "overlaps", Parameter = "parameter", Path = "path", Per = "per",
    Point = "point", Predecessor = "predecessor", Primary = "primary", Private = "private",
    Properly = "properly", Public = "public", Related = "related",
    Retrievable = "retrievable", Return = "return", Same = "same", Second = "second",
    Seconds = "seconds", Singleton = "singleton", Start = "start", Starting = "starting",
    Starts = "starts", Sort = "sort", Successor = "successor", Then = "then", Time = "time",
    Timezoneoffset = "timezoneoffset", To = "to", True = "true", Tuple = "Tuple",
    Type = "type", Union = "union", Using = "using", Valueset = "valueset",
    Version = "version", Week = "week", Weeks = "weeks", Where = "where", When = "when",
    Width = "width", With = "with", Within = "within", Without = "without", Xor = "xor",
    Year = "year", Years = "years",
}

impl Kw {
    /// True for keywords that may be used as identifiers in a referential context
    /// (`keywordIdentifier` rule): the keywords that are not reserved words.
    pub fn is_keyword_identifier(self) -> bool {
        use Kw::*;
        matches!(
            self,
            Asc | Ascending
                | Bind
                | By
                | Called
                | CodeLower
                | Codesystem
                | Codesystems
                | ConceptLower
                | Contains
                | Context
                | Conversion
                | Date
                | Default
                | Define
                | Desc
                | Descending
                | Display
                | Div
                | End
                | Ends
                | Except
                | Explicit
                | Extends
                | Fluent
                | Function
                | Identifier
                | Implicit
                | Implies
                | Include
                | Includes
                | Intersect
                | Key
                | Label
                | Library
                | Meets
                | Mod
                | Overlaps
                | Path
                | Parameter
                | Predecessor
                | Primary
                | Private
                | Public
                | Related
                | Retrievable
                | Start
                | Starting
                | Starts
                | Successor
                | Time
                | Timezoneoffset
                | Type
                | Union
                | Using
                | Valueset
                | Version
                | Where
                | Width
                | Xor
        )
    }

    /// True for the keywords CQL 2.0 added (`type`, `path`, `label`, `identifier`, ...):
    /// plain identifiers in CQL 1.5, so they are still accepted wherever a name is
    /// expected, including aliases and definition names.
    pub fn is_cql2_addition(self) -> bool {
        use Kw::*;
        matches!(
            self,
            Bind | Conversion
                | Explicit
                | Extends
                | Identifier
                | Implicit
                | Key
                | Label
                | Ordered
                | Path
                | Primary
                | Related
                | Retrievable
                | Type
        )
    }

    /// True for keywords that are also type names (`typeNameIdentifier` rule).
    pub fn is_type_name(self) -> bool {
        matches!(self, Kw::CodeUpper | Kw::ConceptUpper | Kw::Date | Kw::Time)
    }

    /// The precision named by `year`..`millisecond` (singular) or `years`.. (plural), with
    /// `true` for the plural form.
    pub fn precision(self) -> Option<(crate::ast::DateTimePrecision, bool)> {
        use crate::ast::DateTimePrecision as P;
        Some(match self {
            Kw::Year => (P::Year, false),
            Kw::Month => (P::Month, false),
            Kw::Week => (P::Week, false),
            Kw::Day => (P::Day, false),
            Kw::Hour => (P::Hour, false),
            Kw::Minute => (P::Minute, false),
            Kw::Second => (P::Second, false),
            Kw::Millisecond => (P::Millisecond, false),
            Kw::Years => (P::Year, true),
            Kw::Months => (P::Month, true),
            Kw::Weeks => (P::Week, true),
            Kw::Days => (P::Day, true),
            Kw::Hours => (P::Hour, true),
            Kw::Minutes => (P::Minute, true),
            Kw::Seconds => (P::Second, true),
            Kw::Milliseconds => (P::Millisecond, true),
            _ => return None,
        })
    }
}

/// One token: kind, span, and (for names and literals) its processed text.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// The kind.
    pub kind: Tok,
    /// Where it is written.
    pub span: Span,
    /// Processed text: unescaped names and strings, number digits, date text after `@`.
    /// Empty for punctuation and keywords.
    pub text: String,
}

/// Splits `src` into tokens (ending with one [`Tok::Eof`]), reporting lexical errors
/// (unterminated strings and comments, unknown characters, bad escapes) to `diags`.
/// Never fails: bad characters are skipped after being reported.
pub fn tokenize(src: &str, index: &LineIndex, diags: &mut Vec<Diagnostic>) -> Vec<Token> {
    let mut lx = Lexer {
        src,
        bytes: src.as_bytes(),
        pos: 0,
        index,
        diags,
        tokens: Vec::with_capacity(src.len() / 4 + 1),
    };
    lx.run();
    lx.tokens
}

struct Lexer<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    index: &'a LineIndex,
    diags: &'a mut Vec<Diagnostic>,
    tokens: Vec<Token>,
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_ident_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> u8 {
        self.bytes.get(self.pos + ahead).copied().unwrap_or(0)
    }

    fn push(&mut self, kind: Tok, start: usize, text: String) {
        self.tokens.push(Token {
            kind,
            span: Span::new(start, self.pos),
            text,
        });
    }

    fn error(&mut self, start: usize, end: usize, msg: String) {
        self.diags
            .push(Diagnostic::error(self.index, Span::new(start, end), msg));
    }

    fn run(&mut self) {
        // A byte-order mark at the very start is not part of the text.
        if self.src.starts_with('\u{feff}') {
            self.pos = 3;
        }
        while self.pos < self.bytes.len() {
            let start = self.pos;
            let b = self.bytes[self.pos];
            match b {
                b' ' | b'\t' | b'\r' | b'\n' | 0x0c => self.pos += 1,
                b'/' if self.peek(1) == b'/' => {
                    while self.pos < self.bytes.len() && self.bytes[self.pos] != b'\n' {
                        self.pos += 1;
                    }
                }
                b'/' if self.peek(1) == b'*' => self.block_comment(start),
                b'\'' => {
                    let text = self.quoted(b'\'', "string");
                    self.push(Tok::String, start, text);
                }
                b'"' => {
                    let text = self.quoted(b'"', "quoted identifier");
                    self.push(Tok::QuotedIdent, start, text);
                }
                b'`' => {
                    let text = self.quoted(b'`', "delimited identifier");
                    self.push(Tok::DelimitedIdent, start, text);
                }
                b'@' => self.date_time(start),
                b'0'..=b'9' => self.number(start),
                b'$' if is_ident_start(self.peek(1)) => {
                    self.pos += 1;
                    while self.pos < self.bytes.len() && is_ident_char(self.bytes[self.pos]) {
                        self.pos += 1;
                    }
                    let word = &self.src[start + 1..self.pos];
                    if !matches!(word, "this" | "index" | "total") {
                        self.error(
                            start,
                            self.pos,
                            format!(
                                "unknown special name '${word}': expected $this, $index or $total"
                            ),
                        );
                    }
                    let word = word.to_string();
                    self.push(Tok::Dollar, start, word);
                }
                _ if is_ident_start(b) => {
                    while self.pos < self.bytes.len() && is_ident_char(self.bytes[self.pos]) {
                        self.pos += 1;
                    }
                    let word = &self.src[start..self.pos];
                    match Kw::from_word(word) {
                        Some(kw) => self.push(Tok::Keyword(kw), start, String::new()),
                        None => {
                            let word = word.to_string();
                            self.push(Tok::Ident, start, word)
                        }
                    }
                }
                _ => self.punct(start, b),
            }
        }
        let end = self.bytes.len();
        self.tokens.push(Token {
            kind: Tok::Eof,
            span: Span::new(end, end),
            text: String::new(),
        });
    }

    fn punct(&mut self, start: usize, b: u8) {
        let next = self.peek(1);
        let (kind, len) = match b {
            b'(' => (Tok::LParen, 1),
            b')' => (Tok::RParen, 1),
            b'[' => (Tok::LBracket, 1),
            b']' => (Tok::RBracket, 1),
            b'{' => (Tok::LBrace, 1),
            b'}' => (Tok::RBrace, 1),
            b',' => (Tok::Comma, 1),
            b'.' => (Tok::Dot, 1),
            b':' => (Tok::Colon, 1),
            b'+' => (Tok::Plus, 1),
            b'-' if next == b'>' => (Tok::Arrow, 2),
            b'-' => (Tok::Minus, 1),
            b'*' => (Tok::Star, 1),
            b'/' => (Tok::Slash, 1),
            b'^' => (Tok::Caret, 1),
            b'&' => (Tok::Amp, 1),
            b'|' => (Tok::Pipe, 1),
            b'=' => (Tok::Eq, 1),
            b'!' if next == b'=' => (Tok::NotEq, 2),
            b'!' if next == b'~' => (Tok::NotTilde, 2),
            b'~' if self.word_follows(1, "contains") => (Tok::TildeContains, 9),
            b'~' if self.word_follows(1, "in") => (Tok::TildeIn, 3),
            b'~' => (Tok::Tilde, 1),
            b'<' if next == b'=' => (Tok::LtEq, 2),
            b'<' => (Tok::Lt, 1),
            b'>' if next == b'=' => (Tok::GtEq, 2),
            b'>' => (Tok::Gt, 1),
            b'%' => (Tok::Percent, 1),
            b'#' => (Tok::Hash, 1),
            _ => {
                let ch = self.src[start..].chars().next().unwrap_or('?');
                self.pos += ch.len_utf8();
                let shown = if ch.is_control() {
                    format!("U+{:04X}", ch as u32)
                } else {
                    format!("'{ch}'")
                };
                self.error(start, self.pos, format!("unexpected character {shown}"));
                return;
            }
        };
        self.pos += len;
        self.push(kind, start, String::new());
    }

    /// True when `word` is written at `pos + ahead` and is not followed by a name character.
    fn word_follows(&self, ahead: usize, word: &str) -> bool {
        let at = self.pos + ahead;
        self.src[at..].starts_with(word)
            && !self
                .bytes
                .get(at + word.len())
                .is_some_and(|b| is_ident_char(*b))
    }

    fn block_comment(&mut self, start: usize) {
        self.pos += 2;
        loop {
            if self.pos + 1 >= self.bytes.len() {
                self.pos = self.bytes.len();
                let at = self.index.position(start);
                self.error(
                    start,
                    start + 2,
                    format!("comment opened at {at} is never closed with '*/'"),
                );
                return;
            }
            if self.bytes[self.pos] == b'*' && self.bytes[self.pos + 1] == b'/' {
                self.pos += 2;
                return;
            }
            self.pos += 1;
        }
    }

    /// Reads a quoted token whose opening quote is at `self.pos`, returning the unescaped
    /// content. Escapes (`ESC` fragment): `\'`, `\"`, `` \` ``, `\\`, `\/`, `\f`, `\n`, `\r`,
    /// `\t`, `\uXXXX`.
    fn quoted(&mut self, quote: u8, what: &str) -> String {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut run_start = self.pos;
        loop {
            if self.pos >= self.bytes.len() {
                out.push_str(&self.src[run_start..self.pos]);
                let at = self.index.position(start);
                self.error(
                    start,
                    start + 1,
                    format!(
                        "{what} starting at {at} is never closed: add the closing {}",
                        quote as char
                    ),
                );
                return out;
            }
            let b = self.bytes[self.pos];
            if b == quote {
                out.push_str(&self.src[run_start..self.pos]);
                self.pos += 1;
                return out;
            }
            if b != b'\\' {
                self.pos += 1;
                continue;
            }
            out.push_str(&self.src[run_start..self.pos]);
            let esc_start = self.pos;
            let e = self.peek(1);
            self.pos += 2;
            match e {
                b'\'' | b'"' | b'`' | b'\\' | b'/' => out.push(e as char),
                b'f' => out.push('\u{c}'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'u' => {
                    let hex = self.src.get(self.pos..self.pos + 4).unwrap_or("");
                    match u32::from_str_radix(hex, 16)
                        .ok()
                        .filter(|_| hex.len() == 4 && hex.bytes().all(|h| h.is_ascii_hexdigit()))
                    {
                        Some(code) => {
                            self.pos += 4;
                            out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        }
                        None => {
                            self.error(
                                esc_start,
                                self.pos,
                                "'\\u' must be followed by four hexadecimal digits".to_string(),
                            );
                        }
                    }
                }
                0 => {
                    // Backslash at end of input: reported as unterminated on the next turn.
                    self.pos = self.bytes.len();
                    continue;
                }
                _ => {
                    // Not an escape: the grammar reads the backslash as an ordinary character.
                    self.pos -= 1;
                    out.push('\\');
                    let at = self.pos;
                    self.diags.push(Diagnostic::warning(
                        self.index,
                        Span::new(esc_start, at),
                        "unknown escape: a backslash is kept as written (use '\\\\' for a backslash)",
                    ));
                }
            }
            run_start = self.pos;
        }
    }

    fn digits(&mut self) -> usize {
        let s = self.pos;
        while self.pos < self.bytes.len() && self.bytes[self.pos].is_ascii_digit() {
            self.pos += 1;
        }
        self.pos - s
    }

    fn number(&mut self, start: usize) {
        self.digits();
        if self.peek(0) == b'L' && !is_ident_char(self.peek(1)) {
            let text = self.src[start..self.pos].to_string();
            self.pos += 1;
            self.push(Tok::LongNumber, start, text);
            return;
        }
        if self.peek(0) == b'.' && self.peek(1).is_ascii_digit() {
            self.pos += 1;
            self.digits();
        }
        let text = self.src[start..self.pos].to_string();
        self.push(Tok::Number, start, text);
    }

    /// Exactly `n` digits at the current position (consumed only when all are there).
    fn fixed_digits(&mut self, n: usize) -> bool {
        let ok = (0..n).all(|i| self.peek(i).is_ascii_digit());
        if ok {
            self.pos += n;
        }
        ok
    }

    /// `sep` followed by `n` digits (consumed only when all are there).
    fn sep_digits(&mut self, sep: u8, n: usize) -> bool {
        let ok = self.peek(0) == sep && (1..=n).all(|i| self.peek(i).is_ascii_digit());
        if ok {
            self.pos += n + 1;
        }
        ok
    }

    /// `TIMEFORMAT`: `hh(:mm(:ss(.fff)?)?)?`.
    fn time_format(&mut self) -> bool {
        if !self.fixed_digits(2) {
            return false;
        }
        if self.sep_digits(b':', 2)
            && self.sep_digits(b':', 2)
            && self.peek(0) == b'.'
            && self.peek(1).is_ascii_digit()
        {
            self.pos += 1;
            self.digits();
        }
        true
    }

    /// `DATE`, `DATETIME` and `TIME` tokens; `@` is at `start`.
    fn date_time(&mut self, start: usize) {
        self.pos += 1;
        if self.peek(0) == b'T' {
            self.pos += 1;
            if !self.time_format() {
                self.error(
                    start,
                    self.pos,
                    "a time literal needs at least an hour: write @T10 or @T10:30:00".into(),
                );
            }
            let text = self.src[start + 2..self.pos].to_string();
            self.push(Tok::Time, start, text);
            return;
        }
        if !self.fixed_digits(4) {
            self.error(
                start,
                start + 1,
                "'@' must start a date (@2024-01-31), a date-time (@2024-01-31T10:00) or a time (@T10:00)"
                    .into(),
            );
            return;
        }
        if self.sep_digits(b'-', 2) {
            self.sep_digits(b'-', 2);
        }
        if self.peek(0) != b'T' {
            let text = self.src[start + 1..self.pos].to_string();
            self.push(Tok::Date, start, text);
            return;
        }
        self.pos += 1;
        self.time_format();
        // TIMEZONEOFFSETFORMAT: 'Z' | ('+'|'-') hh ':' mm
        match self.peek(0) {
            b'Z' => self.pos += 1,
            b'+' | b'-'
                if self.peek(1).is_ascii_digit()
                    && self.peek(2).is_ascii_digit()
                    && self.peek(3) == b':'
                    && self.peek(4).is_ascii_digit()
                    && self.peek(5).is_ascii_digit() =>
            {
                self.pos += 6
            }
            _ => {}
        }
        let text = self.src[start + 1..self.pos].to_string();
        self.push(Tok::DateTime, start, text);
    }
}
