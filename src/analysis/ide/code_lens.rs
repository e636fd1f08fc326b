//! Code lenses: on each note's label, how many markers cite it.

use super::{CodeLens, Snapshot};

pub(super) fn code_lenses(snapshot: Snapshot<'_>) -> Vec<CodeLens> {
    let index = &snapshot.analysis.index;
    index
        .notes
        .iter()
        .enumerate()
        .map(|(id, note)| {
            let locations: Vec<_> = index.markers_of(id).map(|(_, m)| m.range.clone()).collect();
            let title = match locations.len() {
                0 => "not cited".to_string(),
                1 => "cited once".to_string(),
                n => format!("cited {n} times"),
            };
            CodeLens {
                range: note.label_range.clone(),
                title,
                locations,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::analysis::fixture::with_snapshot;

    fn check(text: &str) -> String {
        with_snapshot(text, |s| {
            super::code_lenses(s)
                .iter()
                .map(|l| format!("{} {}: {:?}", &text[l.range.clone()], l.title, l.locations))
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    #[test]
    fn each_note_says_how_often_it_is_cited() {
        insta::assert_snapshot!(check("A.¹ B.² C.²\n\nNOTES\n\n¹ One.\n² Two.\n³ Three.\n"), @r#"
            ¹ cited once: [2..4]
            ² cited 2 times: [7..9, 12..14]
            ³ not cited: []
            "#);
    }
}
