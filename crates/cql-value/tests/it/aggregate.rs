use crate::support::check1;
use ww_cql_value::aggregate::*;

#[test]
fn aggregates() {
    check1(count, "{1, null, 2}", "2");
    check1(count, "null", "0");
    check1(sum, "{1, 2, 3, null}", "6");
    check1(sum, "{1.0, 2.5}", "3.5");
    check1(sum, "{1 'g', 2 'g'}", "3.0 'g'");
    check1(sum, "{}", "null");
    check1(min, "{5, 12, 1, 15, 0, 4, 90, 44}", "0");
    check1(max, "{'hi', 'bye', 'zebra'}", "'zebra'");
    check1(min, "{@2012-01-01, @2011-05-05}", "@2011-05-05");
    check1(avg, "{1, 2, 3, 4}", "2.5");
    check1(median, "{1, 3, 2}", "2.0");
    check1(median, "{1, 2, 3, 4}", "2.5");
    check1(mode, "{2, 1, 2, 3, 3, 3}", "3");
    check1(variance, "{1.0, 2.0, 3.0, 4.0, 5.0}", "2.5");
    check1(population_variance, "{1.0, 2.0, 3.0, 4.0, 5.0}", "2.0");
    check1(std_dev, "{1.0, 2.0, 3.0, 4.0, 5.0}", "1.58113883");
    check1(
        population_std_dev,
        "{1.0, 2.0, 3.0, 4.0, 5.0}",
        "1.41421356",
    );
    check1(all_true, "{true, null}", "true");
    check1(all_true, "{true, false}", "false");
    check1(all_true, "null", "true");
    check1(any_true, "{false, null}", "false");
    check1(any_true, "{false, true}", "true");
    check1(product, "{1, 2, 3, 4}", "24");
    check1(geometric_mean, "{2.0, 8.0}", "4.0");
}
