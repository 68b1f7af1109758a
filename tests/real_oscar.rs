//! The OSCAR line-quality set (`../shared/real/oscar-line-quality`, issue #19): the figures must
//! not fall below those measured when the reader was written. Skipped when the data is absent;
//! `copydesk eval --real ../shared/real` prints the full table and the rules.
//!
//! Item counts are exact (the data is fixed). English carries floors on recall and precision and
//! a ceiling on false alarms, each today's figure rounded to 2 decimals towards the weaker side;
//! raise them when the figures improve. The other languages are linted with their language set
//! (rules made for English are off); their false alarms get a ceiling.

use crate::util::{builtin, real_set};
use copydesk::eval::real::SetResult;
use copydesk::eval::real::oscar;

#[test]
fn real_oscar_figures_stay_at_their_floors() {
    let Some(dir) = real_set("oscar-line-quality") else {
        return;
    };
    let results = oscar::read(builtin(), &dir).unwrap();
    let table = copydesk::eval::real::RealReport {
        sets: results.clone(),
        skipped: Vec::new(),
    }
    .render();
    let get = |name: &str| -> &SetResult {
        results
            .iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("no row {name}\n{table}"))
    };

    // (row, noise lines, clean lines, recall floor, precision floor, false-alarm ceiling).
    // At the start of issue #19: 341/2182 noise, 262/2675 clean flagged, precision 0.566. With
    // the fitted chrome score: 1258/2182 (0.577), 362/2675 (13.5%), precision 0.777; a paragraph
    // per line: 1243/2182 (0.570), 381/2675 (14.2%), 0.765. The target (recall 0.6 at
    // precision 0.85) is not reached yet.
    let english = [
        ("oscar en train+dev", 2182, 2675, 0.57, 0.77, 0.14),
        (
            "oscar en train+dev, a paragraph per line",
            2182,
            2675,
            0.56,
            0.76,
            0.15,
        ),
    ];
    for (name, bad, good, recall, precision, false_alarms) in english {
        let s = get(name);
        assert_eq!((s.bad.total, s.good.total), (bad, good), "{name}\n{table}");
        assert!(s.bad.rate() >= recall, "{name}: recall\n{table}");
        assert!(
            s.precision().unwrap_or(0.0) >= precision,
            "{name}: precision\n{table}"
        );
        assert!(
            s.good.rate() <= false_alarms,
            "{name}: false alarms\n{table}"
        );
    }

    // (row, noise lines, clean lines, false-alarm ceiling). Measured with the language set:
    // de 272/2180 (12.5%), es 332/1152 (28.8%: 242 of them real mojibake in lines labelled
    // clean), fi 238/1578 (15.1%), fr 1125/6839 (16.5%), sv 1053/6214 (16.9%).
    let others = [
        ("oscar de train+dev", 802, 2180, 0.13),
        ("oscar es train+dev", 967, 1152, 0.29),
        ("oscar fi train+dev", 2043, 1578, 0.16),
        ("oscar fr dev", 3257, 6839, 0.17),
        ("oscar sv dev", 6661, 6214, 0.17),
    ];
    for (name, bad, good, false_alarms) in others {
        let s = get(name);
        assert_eq!((s.bad.total, s.good.total), (bad, good), "{name}\n{table}");
        assert!(
            s.good.rate() <= false_alarms,
            "{name}: false alarms\n{table}"
        );
    }
    assert_eq!(results.len(), 7, "{table}");
}
