//! The pipeline as the binary runs it: read → extract → analyse → actors → events.
//!
//! `Pipeline` holds what every stage after reading needs, built once and shared by all
//! worker threads (so it must stay `Sync`). `extract` is the cheap first step, split out so
//! `dyad ingest` can skip known articles before the expensive ones; `enrich` runs the
//! analysis stages, each adding its layer to the document. A new stage is a field here and
//! a line in `enrich`.

use dyad_doc::{Document, Source};
use dyad_extract::{ExtractOptions, Extractor};

/// The longest clean text one document may have analysed and coded: far beyond any news
/// article (a long one is 50 kB), a few seconds of CPU.
pub const MAX_CODED_TEXT_BYTES: usize = 2_000_000;

pub struct Pipeline {
    pub extract: ExtractOptions,
    /// Built once: it holds compiled date patterns that every article would otherwise rebuild.
    extractor: Extractor,
    /// Parse, actors, events (`cmd::code::Analysis`); `None` stops after extraction.
    pub analysis: Option<crate::cmd::code::Analysis>,
}

impl Pipeline {
    pub fn new(extract: ExtractOptions) -> Pipeline {
        Pipeline { extract, extractor: Extractor::new(), analysis: None }
    }

    /// The clean articles in a source (usually one; none when it holds no article).
    pub fn extract(&self, source: &Source) -> anyhow::Result<Vec<Document>> {
        // ExtractError names the source already.
        Ok(self.extractor.extract(source, &self.extract)?)
    }

    /// Adds the analysis layers (sentences, mentions, events) to one extracted article.
    pub fn enrich(&self, doc: &mut Document) -> anyhow::Result<()> {
        // Coding costs time linear in the text (about 3 s of CPU per MB): the bound keeps
        // one hostile page from stalling a whole batch.
        anyhow::ensure!(
            doc.text.len() <= MAX_CODED_TEXT_BYTES,
            "{}: article text of {} bytes is over the {MAX_CODED_TEXT_BYTES} bytes one article may have coded",
            doc.origin,
            doc.text.len()
        );
        // Stages are added here in pipeline order, each reading the layers before it.
        if let Some(analysis) = &self.analysis {
            analysis.run(doc);
        }
        Ok(())
    }

    /// The whole pipeline for one source.
    pub fn process(&self, source: &Source) -> anyhow::Result<Vec<Document>> {
        let mut docs = self.extract(source)?;
        for doc in &mut docs {
            self.enrich(doc)?;
        }
        Ok(docs)
    }
}
