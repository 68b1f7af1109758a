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
    // the fitted chrome score: 1258/2182 (0.577), 364/2675 (13.6%), precision 0.776; with its
    // `run` feature (a long run of short lines): 1405/2182 (0.644), 400/2675 (15.0%), 0.778.
    // Refitted once the AEB reading stopped counting trafilatura's list items as chrome (the
    // `bullet` weight fell from 2.22 to 0.35): 1293/2182 (0.593), 390/2675 (14.6%), 0.768; a
    // paragraph per line 1303/2182 (0.597), 390/2675, 0.770. Lone list markers
    // (Junk.OrphanBullet): 1316/2182 (0.603) at 0.771, a paragraph per line 1326 (0.608) at
    // 0.773; with teaser cards 1318 (0.604). With the word features bounded and refitted:
    // 1314 (0.602), 393/2675 (14.7%), 0.770; a paragraph per line 1332 (0.610), 396, 0.771.
    // The target is recall 0.6 at precision 0.85.
    let english = [
        ("oscar en train+dev", 2182, 2675, 0.60, 0.76, 0.147),
        (
            "oscar en train+dev, a paragraph per line",
            2182,
            2675,
            0.61,
            0.77,
            0.149,
        ),
        // Three documents of dev are train's again; counted once: 929/1705 (0.545), 243/1919
        // (12.7%), precision 0.793; with teaser cards 931/1705 (0.546); refitted 927 (0.544),
        // 244 (12.7%), 0.792. 114 of those 243 are one forum page whose member lines
        // (`Joined: 25 Feb 2006`, `Posts: 1137`) are labelled clean.
        (
            "oscar en train+dev, each document once",
            1705,
            1919,
            0.54,
            0.79,
            0.128,
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

    // (row, noise lines, clean lines, recall floor, false-alarm ceiling). Measured with the
    // language set, noise found and clean lines flagged, before and after the refit above: de
    // 346/802, 307/2180 -> 296, 247 (11.3%); es 256/967, 346/1152 -> 220, 310 (26.9%: most of
    // them real mojibake in lines labelled clean); fi 1347/2043, 260/1578 -> 1108, 116 (7.4%);
    // fr 1013/3257, 1234/6839 -> 653, 728 (10.6%); sv 1723/6661, 1046/6214 -> 1494, 748
    // (12.0%). Precision over the five: 0.595 -> 0.637 (docs/quality.md). Lone list markers
    // then found 20 more in German, 15 in Finnish, one each in Spanish and French; teaser cards
    // (Junk.TeaserCard) 17 more in German and 30 in Finnish, with no clean line. Refitted with
    // the word features bounded: de 335, 246; es 239, 310; fi 1181, 127; fr 661, 738; sv 1498,
    // 767.
    let others = [
        ("oscar de train+dev", 802, 2180, 0.41, 0.114),
        ("oscar es train+dev", 967, 1152, 0.24, 0.27),
        ("oscar fi train+dev", 2043, 1578, 0.57, 0.081),
        ("oscar fr dev", 3257, 6839, 0.20, 0.108),
        ("oscar sv dev", 6661, 6214, 0.22, 0.124),
    ];
    for (name, bad, good, recall, false_alarms) in others {
        let s = get(name);
        assert_eq!((s.bad.total, s.good.total), (bad, good), "{name}\n{table}");
        assert!(s.bad.rate() >= recall, "{name}: recall\n{table}");
        assert!(
            s.good.rate() <= false_alarms,
            "{name}: false alarms\n{table}"
        );
    }
    assert_eq!(results.len(), 8, "{table}");
}
