//! Read-only helpers over one parsed sentence (UD tokens, 0-based indices here).

use dyad_doc::{Sentence, Token};

pub(crate) struct Tree<'a> {
    pub tokens: &'a [Token],
    children: Vec<Vec<usize>>,
}

impl<'a> Tree<'a> {
    pub fn new(sentence: &'a Sentence) -> Self {
        let tokens = &sentence.tokens[..];
        let mut children = vec![Vec::new(); tokens.len()];
        for (i, t) in tokens.iter().enumerate() {
            if t.head > 0 && t.head <= tokens.len() && t.head - 1 != i {
                children[t.head - 1].push(i);
            }
        }
        Tree { tokens, children }
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn head(&self, i: usize) -> Option<usize> {
        let h = self.tokens.get(i)?.head;
        (h > 0 && h <= self.tokens.len() && h - 1 != i).then(|| h - 1)
    }

    pub fn children(&self, i: usize) -> &[usize] {
        self.children.get(i).map(|v| &v[..]).unwrap_or(&[])
    }

    pub fn deprel(&self, i: usize) -> &str {
        self.tokens.get(i).map(|t| t.deprel.as_str()).unwrap_or("")
    }

    /// Base relation without subtype (`nsubj` for `nsubj:pass`).
    pub fn rel(&self, i: usize) -> &str {
        let d = self.deprel(i);
        d.split(':').next().unwrap_or(d)
    }

    pub fn upos(&self, i: usize) -> &str {
        self.tokens.get(i).map(|t| t.upos.as_str()).unwrap_or("")
    }

    /// Lower-cased lemma (falls back to the form when the lemma is empty or `_`).
    pub fn lemma(&self, i: usize) -> String {
        match self.tokens.get(i) {
            Some(t) if !t.lemma.is_empty() && t.lemma != "_" => t.lemma.to_lowercase(),
            Some(t) => t.form.to_lowercase(),
            None => String::new(),
        }
    }

    pub fn form(&self, i: usize) -> &str {
        self.tokens.get(i).map(|t| t.form.as_str()).unwrap_or("")
    }

    /// Children with the given relation (exact, or base relation when `rel` has no ':').
    pub fn kids<'s>(&'s self, i: usize, rel: &'s str) -> impl Iterator<Item = usize> + 's {
        let exact = rel.contains(':');
        self.children(i).iter().copied().filter(
            move |&c| {
                if exact {
                    self.deprel(c) == rel
                } else {
                    self.rel(c) == rel
                }
            },
        )
    }

    pub fn kid(&self, i: usize, rel: &str) -> Option<usize> {
        self.kids(i, rel).next()
    }

    /// The preposition (case marker) introducing a nominal, lower-cased; multiword
    /// markers ("in front of", "because of") use their first word.
    pub fn case_of(&self, i: usize) -> Option<String> {
        self.children(i).iter().find(|&&c| self.rel(c) == "case").map(|&c| self.form(c).to_lowercase())
    }

    /// All tokens of the subtree rooted at `i`, in breadth-first order (root first).
    pub fn subtree_bfs(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut k = 0;
        while k < out.len() && out.len() <= self.len() {
            let n = out[k];
            out.extend(self.children(n).iter().copied());
            k += 1;
        }
        out
    }

    pub fn is_ancestor(&self, anc: usize, mut i: usize) -> bool {
        for _ in 0..self.len() {
            match self.head(i) {
                Some(h) if h == anc => return true,
                Some(h) => i = h,
                None => return false,
            }
        }
        false
    }
}
