use dyad_doc::Metadata;
use trafilatura::dom::Document as Dom;
pub(crate) fn html_metadata(_dom: &Dom, _url: Option<&str>) -> Metadata { Metadata::default() }
