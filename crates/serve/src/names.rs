//! Codes people can read on every page and in the API, and actor names people can type.

use crate::ApiError;
use dyad_actors::ActorNames;
use dyad_relations::ActorCode;
use std::sync::OnceLock;

/// The built-in dictionary's names, built once: the dictionary is embedded and never changes.
pub(crate) fn names() -> &'static ActorNames {
    static NAMES: OnceLock<ActorNames> = OnceLock::new();
    NAMES.get_or_init(|| match dyad_actors::ActorDictionary::builtin() {
        Ok(dict) => ActorNames::new(&dict),
        Err(e) => {
            eprintln!("dyad serve: actor names unavailable: {e}");
            ActorNames::default()
        }
    })
}

/// An actor parameter: a code or a name ("Russia", "Russian government"); an unknown
/// name is a 400 naming the nearest known ones.
pub(crate) fn actor_code(param: &'static str, text: &str) -> Result<ActorCode, ApiError> {
    match names().resolve(text) {
        Ok(code) => Ok(ActorCode::parse(param, &code)?),
        Err(near) if near.is_empty() => Ok(ActorCode::parse(param, text)?),
        Err(near) => {
            Err(ApiError::bad_request(format!("{param}: unknown actor {text:?}; did you mean {}?", near.join(", "))))
        }
    }
}

/// `labels` of an event in the API: the CAMEO label, the PLOVER type and both actors' names.
pub(crate) fn labels(cameo: &str, source: &str, target: &str) -> serde_json::Value {
    let code = dyad_cameo::lookup(cameo);
    serde_json::json!({
        "cameo": code.map(|c| c.name),
        "plover": code.and_then(|c| c.plover()).map(|p| p.as_str()),
        "source": names().describe(source),
        "target": names().describe(target),
    })
}
