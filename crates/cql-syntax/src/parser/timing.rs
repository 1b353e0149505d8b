//! Interval operator phrases (`intervalOperatorPhrase` rule): `during`, `included in`,
//! `includes`, `before`/`after` with offsets, `same .. as`, `within .. of`, `meets`,
//! `overlaps`, `starts`, `ends`.

use super::{PResult, Parser};
use crate::ast::*;
use crate::lexer::{Kw, Tok};

impl Parser<'_> {
    /// True when the current token starts an interval operator phrase (after a complete
    /// left operand).
    pub(super) fn at_timing_phrase(&self) -> bool {
        self.nth_starts_phrase(0)
            || (matches!(
                self.kind(),
                Tok::Keyword(Kw::Starts) | Tok::Keyword(Kw::Ends) | Tok::Keyword(Kw::Occurs)
            ))
            || matches!(
                self.kind(),
                Tok::Keyword(Kw::Includes) | Tok::Keyword(Kw::Meets) | Tok::Keyword(Kw::Overlaps)
            )
            || (self.at_kw(Kw::Properly) && self.nth_kw(1, Kw::Includes))
    }

    /// True when token `k` starts the part of a phrase that may follow
    /// `starts`/`ends`/`occurs`.
    fn nth_starts_phrase(&self, k: usize) -> bool {
        match self.nth(k) {
            Tok::Keyword(Kw::Same)
            | Tok::Keyword(Kw::During)
            | Tok::Keyword(Kw::Before)
            | Tok::Keyword(Kw::After)
            | Tok::Keyword(Kw::Within) => true,
            Tok::Number => self.nth_is_quantity_offset(k),
            Tok::Keyword(Kw::Properly) => {
                matches!(
                    self.nth(k + 1),
                    Tok::Keyword(Kw::During) | Tok::Keyword(Kw::Within)
                ) || (self.nth_word(k + 1, "included") && self.nth_kw(k + 2, Kw::In))
            }
            Tok::Ident => {
                (self.nth_word(k, "included") && self.nth_kw(k + 1, Kw::In))
                    || ((self.nth_word(k, "less") || self.nth_word(k, "more"))
                        && self.nth_word(k + 1, "than"))
                    || (self.nth_word(k, "on")
                        && self.nth_kw(k + 1, Kw::Or)
                        && matches!(
                            self.nth(k + 2),
                            Tok::Keyword(Kw::Before) | Tok::Keyword(Kw::After)
                        ))
            }
            _ => false,
        }
    }

    /// True when a quantity offset followed by `before`/`after`/`on or` starts at `k`
    /// (`3 days or more before`), so that a stray number is not taken for one.
    fn nth_is_quantity_offset(&self, k: usize) -> bool {
        let mut i = k + 1;
        let unit = matches!(self.nth(i), Tok::String)
            || matches!(self.nth(i), Tok::Keyword(kw) if kw.precision().is_some());
        if unit {
            i += 1;
        }
        if self.nth_kw(i, Kw::Or) && (self.nth_word(i + 1, "more") || self.nth_word(i + 1, "less"))
        {
            i += 2;
        }
        matches!(
            self.nth(i),
            Tok::Keyword(Kw::Before) | Tok::Keyword(Kw::After)
        ) || (self.nth_word(i, "on") && self.nth_kw(i + 1, Kw::Or))
    }

    /// A trailing `start` / `end` (not followed by `of`, which would begin the operand
    /// `start of X`).
    fn boundary(&mut self) -> Option<BoundarySelector> {
        if self.nth_kw(1, Kw::Of) {
            return None;
        }
        if self.eat_kw(Kw::Start) {
            Some(BoundarySelector::Start)
        } else if self.eat_kw(Kw::End) {
            Some(BoundarySelector::End)
        } else {
            None
        }
    }

    fn direction(&mut self) -> Option<Direction> {
        if self.eat_kw(Kw::Before) {
            Some(Direction::Before)
        } else if self.eat_kw(Kw::After) {
            Some(Direction::After)
        } else {
            None
        }
    }

    /// Parses an `intervalOperatorPhrase`; [`Self::at_timing_phrase`] was true.
    pub(super) fn timing_phrase(&mut self) -> PResult<TimingPhrase> {
        let phrase_start = self.span();
        // Bare `starts` / `ends` phrases and the ones without a prefix.
        match self.kind() {
            Tok::Keyword(Kw::Starts) | Tok::Keyword(Kw::Ends) if !self.nth_starts_phrase(1) => {
                let starts = self.at_kw(Kw::Starts);
                self.bump();
                let precision = self.precision_of();
                return Ok(if starts {
                    TimingPhrase::Starts { precision }
                } else {
                    TimingPhrase::Ends { precision }
                });
            }
            Tok::Keyword(Kw::Meets) | Tok::Keyword(Kw::Overlaps) => {
                let meets = self.at_kw(Kw::Meets);
                self.bump();
                let direction = self.direction();
                let precision = self.precision_of();
                return Ok(if meets {
                    TimingPhrase::Meets {
                        direction,
                        precision,
                    }
                } else {
                    TimingPhrase::Overlaps {
                        direction,
                        precision,
                    }
                });
            }
            Tok::Keyword(Kw::Includes) | Tok::Keyword(Kw::Properly)
                if self.at_kw(Kw::Includes) || self.nth_kw(1, Kw::Includes) =>
            {
                let proper = self.eat_kw(Kw::Properly);
                self.bump();
                let precision = self.precision_of();
                let boundary = self.boundary();
                return Ok(TimingPhrase::Includes {
                    proper,
                    precision,
                    boundary,
                });
            }
            _ => {}
        }
        let prefix = match self.kind() {
            Tok::Keyword(Kw::Starts) => Some(TimingPrefix::Starts),
            Tok::Keyword(Kw::Ends) => Some(TimingPrefix::Ends),
            Tok::Keyword(Kw::Occurs) => Some(TimingPrefix::Occurs),
            _ => None,
        };
        if prefix.is_some() {
            self.bump();
        }
        if self.eat_kw(Kw::Same) {
            let precision = match self.kind() {
                Tok::Keyword(kw) => match kw.precision() {
                    Some((p, false)) => {
                        self.bump();
                        Some(p)
                    }
                    _ => None,
                },
                _ => None,
            };
            let relation = if self.eat_kw(Kw::As) {
                SameRelation::As
            } else if self.at_kw(Kw::Or) && self.nth_kw(1, Kw::Before) {
                self.bump();
                self.bump();
                SameRelation::OrBefore
            } else if self.at_kw(Kw::Or) && self.nth_kw(1, Kw::After) {
                self.bump();
                self.bump();
                SameRelation::OrAfter
            } else {
                return Err(self.expected("'as', 'or before' or 'or after' after 'same'"));
            };
            let boundary = self.boundary();
            return Ok(TimingPhrase::SameAs {
                prefix,
                precision,
                relation,
                boundary,
            });
        }
        let proper = self.eat_kw(Kw::Properly);
        if self.at_kw(Kw::During) || (self.nth_word(0, "included") && self.nth_kw(1, Kw::In)) {
            let during = self.eat_kw(Kw::During);
            if !during {
                self.bump();
                self.bump();
            }
            let precision = self.precision_of();
            return Ok(TimingPhrase::IncludedIn {
                prefix,
                proper,
                during,
                precision,
            });
        }
        if self.eat_kw(Kw::Within) {
            let quantity = self.quantity()?;
            self.expect_kw(Kw::Of, "after the distance of 'within' (within 3 days of)")?;
            let boundary = self.boundary();
            return Ok(TimingPhrase::Within {
                prefix,
                proper,
                quantity,
                boundary,
            });
        }
        if proper {
            return Err(self.expected(
                "'during', 'included in', 'includes', 'within' or 'between' after 'properly'",
            ));
        }
        // beforeOrAfterIntervalOperatorPhrase
        let offset_start = self.pos;
        let offset = if self.at(Tok::Number) {
            let quantity = self.quantity()?;
            let qualifier = if self.at_kw(Kw::Or) && self.nth_word(1, "more") {
                Some(OffsetQualifier::OrMore)
            } else if self.at_kw(Kw::Or) && self.nth_word(1, "less") {
                Some(OffsetQualifier::OrLess)
            } else {
                None
            };
            if qualifier.is_some() {
                self.bump();
                self.bump();
            }
            Some(QuantityOffset {
                quantity,
                qualifier,
                span: self.span_from(offset_start),
            })
        } else if (self.nth_word(0, "less") || self.nth_word(0, "more")) && self.nth_word(1, "than")
        {
            let qualifier = if self.nth_word(0, "less") {
                OffsetQualifier::LessThan
            } else {
                OffsetQualifier::MoreThan
            };
            self.bump();
            self.bump();
            let quantity = self.quantity()?;
            Some(QuantityOffset {
                quantity,
                qualifier: Some(qualifier),
                span: self.span_from(offset_start),
            })
        } else {
            None
        };
        // temporalRelationship: ('on or')? (before|after) | (before|after) ('or on')?
        let mut inclusive = false;
        if self.nth_word(0, "on") && self.nth_kw(1, Kw::Or) {
            self.bump();
            self.bump();
            inclusive = true;
        }
        let Some(direction) = self.direction() else {
            let at = self.position(phrase_start.start);
            return Err(self.expected(format_args!(
                "'before' or 'after' to complete the timing phrase at {at}"
            )));
        };
        if !inclusive && self.at_kw(Kw::Or) && self.nth_word(1, "on") {
            self.bump();
            self.bump();
            inclusive = true;
        }
        let precision = self.precision_of();
        let boundary = self.boundary();
        Ok(TimingPhrase::BeforeOrAfter {
            prefix,
            offset,
            direction,
            inclusive,
            precision,
            boundary,
        })
    }
}
