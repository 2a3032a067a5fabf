use dyad_doc::{Metadata, Source};
pub(crate) fn extract_text(source: &Source, _o: &crate::ExtractOptions) -> Vec<(String, Metadata, String)> { vec![(source.id.clone(), Metadata::default(), source.body.clone())] }
