//! Timing phrases (CQL 1.5 §2.9 "Timing and interval operators", Appendix B "Interval
//! operators"): each phrase is rewritten to interval and date/time operators the way
//! the reference translator expresses them in ELM.

use super::expr::{prec, Cx};
use crate::ir::{Ir, Op};
use ww_cql_syntax::{
    self as syn, BoundarySelector, Direction, OffsetQualifier, QuantityUnit, SameRelation,
    TimingPhrase, TimingPrefix,
};
use ww_cql_value::Precision;

fn prefix(p: Option<TimingPrefix>, x: Ir) -> Ir {
    match p {
        Some(TimingPrefix::Starts) => Ir::Op(Op::Start, vec![x]),
        Some(TimingPrefix::Ends) => Ir::Op(Op::End, vec![x]),
        Some(TimingPrefix::Occurs) | None => x,
    }
}

fn boundary(b: Option<BoundarySelector>, x: Ir) -> Ir {
    match b {
        Some(BoundarySelector::Start) => Ir::Op(Op::Start, vec![x]),
        Some(BoundarySelector::End) => Ir::Op(Op::End, vec![x]),
        None => x,
    }
}

/// The precision a quantity offset compares at (`3 days before` compares days).
fn unit_precision(q: &syn::QuantityLit) -> Option<Precision> {
    match &q.unit {
        Some(QuantityUnit::Calendar { precision, .. }) => Some(prec(*precision)),
        _ => None,
    }
}

impl Cx<'_> {
    /// Compiles `left <phrase> right`.
    pub(super) fn timing(&mut self, phrase: &TimingPhrase, l: Ir, r: Ir) -> Ir {
        match phrase {
            TimingPhrase::SameAs {
                prefix: px,
                precision,
                relation,
                boundary: b,
            } => {
                let p = precision.map(prec);
                let op = match relation {
                    SameRelation::As => Op::SameAs(p),
                    SameRelation::OrBefore => Op::SameOrBefore(p),
                    SameRelation::OrAfter => Op::SameOrAfter(p),
                };
                Ir::Op(op, vec![prefix(*px, l), boundary(*b, r)])
            }
            TimingPhrase::Includes {
                proper,
                precision,
                boundary: b,
            } => {
                let p = precision.map(prec);
                let op = if *proper {
                    Op::ProperIncludes(p)
                } else {
                    Op::Includes(p)
                };
                Ir::Op(op, vec![l, boundary(*b, r)])
            }
            TimingPhrase::IncludedIn {
                prefix: px,
                proper,
                precision,
                ..
            } => {
                let p = precision.map(prec);
                let op = if *proper {
                    Op::ProperIncludedIn(p)
                } else {
                    Op::IncludedIn(p)
                };
                Ir::Op(op, vec![prefix(*px, l), r])
            }
            TimingPhrase::BeforeOrAfter {
                prefix: px,
                offset,
                direction,
                inclusive,
                precision,
                boundary: b,
            } => {
                let l = prefix(*px, l);
                let r = boundary(*b, r);
                let p = precision.map(prec);
                let before = *direction == Direction::Before;
                let Some(off) = offset else {
                    let op = match (before, inclusive) {
                        (true, false) => Op::Before(p),
                        (true, true) => Op::SameOrBefore(p),
                        (false, false) => Op::After(p),
                        (false, true) => Op::SameOrAfter(p),
                    };
                    return Ir::Op(op, vec![l, r]);
                };
                let q = self.quantity(&off.quantity);
                let pq = p.or_else(|| unit_precision(&off.quantity));
                let (lp, rp) = if before {
                    (
                        Ir::Op(Op::PointEnd, vec![l]),
                        Ir::Op(Op::PointStart, vec![r]),
                    )
                } else {
                    (
                        Ir::Op(Op::PointStart, vec![l]),
                        Ir::Op(Op::PointEnd, vec![r]),
                    )
                };
                let shifted = Ir::Op(
                    if before { Op::Subtract } else { Op::Add },
                    vec![rp.clone(), q],
                );
                let window = |lo_closed: bool, hi_closed: bool| {
                    if before {
                        Ir::Interval(
                            Box::new(shifted.clone()),
                            lo_closed,
                            Box::new(rp.clone()),
                            hi_closed,
                        )
                    } else {
                        Ir::Interval(
                            Box::new(rp.clone()),
                            hi_closed,
                            Box::new(shifted.clone()),
                            lo_closed,
                        )
                    }
                };
                match (off.qualifier, before) {
                    (None, _) => Ir::Op(Op::SameAs(pq), vec![lp, shifted]),
                    (Some(OffsetQualifier::OrMore), true) => {
                        Ir::Op(Op::SameOrBefore(pq), vec![lp, shifted])
                    }
                    (Some(OffsetQualifier::OrMore), false) => {
                        Ir::Op(Op::SameOrAfter(pq), vec![lp, shifted])
                    }
                    (Some(OffsetQualifier::MoreThan), true) => {
                        Ir::Op(Op::Before(pq), vec![lp, shifted])
                    }
                    (Some(OffsetQualifier::MoreThan), false) => {
                        Ir::Op(Op::After(pq), vec![lp, shifted])
                    }
                    (Some(OffsetQualifier::OrLess), _) => {
                        Ir::Op(Op::In(pq), vec![lp, window(true, false)])
                    }
                    (Some(OffsetQualifier::LessThan), _) => {
                        Ir::Op(Op::In(pq), vec![lp, window(false, false)])
                    }
                }
            }
            TimingPhrase::Within {
                prefix: px,
                proper,
                quantity,
                boundary: b,
            } => {
                let q = self.quantity(quantity);
                Ir::Within(
                    Box::new(prefix(*px, l)),
                    Box::new(boundary(*b, r)),
                    Box::new(q),
                    *proper,
                )
            }
            TimingPhrase::Meets {
                direction,
                precision,
            } => {
                let p = precision.map(prec);
                let op = match direction {
                    None => Op::Meets(p),
                    Some(Direction::Before) => Op::MeetsBefore(p),
                    Some(Direction::After) => Op::MeetsAfter(p),
                };
                Ir::Op(op, vec![l, r])
            }
            TimingPhrase::Overlaps {
                direction,
                precision,
            } => {
                let p = precision.map(prec);
                let op = match direction {
                    None => Op::Overlaps(p),
                    Some(Direction::Before) => Op::OverlapsBefore(p),
                    Some(Direction::After) => Op::OverlapsAfter(p),
                };
                Ir::Op(op, vec![l, r])
            }
            TimingPhrase::Starts { precision } => {
                Ir::Op(Op::Starts(precision.map(prec)), vec![l, r])
            }
            TimingPhrase::Ends { precision } => Ir::Op(Op::Ends(precision.map(prec)), vec![l, r]),
        }
    }
}
