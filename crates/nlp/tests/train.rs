//! Training on a tiny treebank written for this test: the models learn what they are shown,
//! and by default that includes the dev split.

use dyad_nlp::{train, TrainOptions};
use std::path::PathBuf;

/// One CoNLL-U sentence from (form, upos, xpos, head, deprel) rows.
fn sentence(rows: &[(&str, &str, &str, usize, &str)]) -> String {
    let mut out = String::new();
    for (i, (form, upos, xpos, head, rel)) in rows.iter().enumerate() {
        out.push_str(&format!("{}\t{form}\t{}\t{upos}\t{xpos}\t_\t{head}\t{rel}\t_\t_\n", i + 1, form.to_lowercase()));
    }
    out.push('\n');
    out
}

fn treebank(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dyad-nlp-train-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut train = String::new();
    for _ in 0..4 {
        train += &sentence(&[
            ("Russia", "PROPN", "NNP", 2, "nsubj"),
            ("attacked", "VERB", "VBD", 0, "root"),
            ("Ukraine", "PROPN", "NNP", 2, "obj"),
            (".", "PUNCT", ".", 2, "punct"),
        ]);
        train += &sentence(&[
            ("Putin", "PROPN", "NNP", 2, "nsubj"),
            ("met", "VERB", "VBD", 0, "root"),
            ("Trump", "PROPN", "NNP", 2, "obj"),
            (".", "PUNCT", ".", 2, "punct"),
        ]);
    }
    // The dev split alone shows the made-up adverb "blorps".
    let mut dev = String::new();
    for _ in 0..4 {
        dev += &sentence(&[
            ("Kyiv", "PROPN", "NNP", 2, "nsubj"),
            ("replied", "VERB", "VBD", 0, "root"),
            ("blorps", "ADV", "RB", 2, "advmod"),
            (".", "PUNCT", ".", 2, "punct"),
        ]);
    }
    std::fs::write(dir.join("tiny-ud-train.conllu"), train).expect("write train");
    std::fs::write(dir.join("tiny-ud-dev.conllu"), dev).expect("write dev");
    dir
}

fn options(with_dev: bool) -> TrainOptions {
    TrainOptions { splitter_epochs: 2, tagger_epochs: 6, parser_epochs: 6, folds: 1, min_weight: 0.0, with_dev }
}

#[test]
fn learns_the_dev_split_by_default() {
    let dir = treebank("with-dev");
    let nlp = train(&dir, &options(true), &mut |_| {}).expect("training");
    let tokens = nlp.parse_tokens(&["Kyiv", "replied", "blorps", "."]);
    assert_eq!(tokens[2].upos, "ADV", "{tokens:?}");
    assert_eq!((tokens[2].head, tokens[2].deprel.as_str()), (2, "advmod"), "{tokens:?}");
    let tokens = nlp.parse_tokens(&["Putin", "met", "Trump", "."]);
    assert_eq!(tokens.iter().map(|t| t.head).collect::<Vec<_>>(), vec![2, 0, 2, 2], "{tokens:?}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn holding_out_dev_learns_the_train_split_only() {
    let dir = treebank("hold-out");
    let mut lines = Vec::new();
    let nlp = train(&dir, &options(false), &mut |l| lines.push(l)).expect("training");
    let tokens = nlp.parse_tokens(&["Russia", "attacked", "Ukraine", "."]);
    assert_eq!(
        tokens.iter().map(|t| t.deprel.as_str()).collect::<Vec<_>>(),
        vec!["nsubj", "root", "obj", "punct"],
        "{tokens:?}"
    );
    // Epochs were scored on dev, which the parser never saw.
    assert!(lines.iter().any(|l| l.starts_with("parser epoch") && !l.contains("dev UAS 0.0000")), "{lines:?}");
    let _ = std::fs::remove_dir_all(dir);
}
