use super::*;

fn own() -> Gazetteer {
    Gazetteer::parse(BUILTIN, "places.txt").unwrap()
}

#[test]
fn builtin_list_parses_and_names_every_capital() {
    let g = own();
    assert!(g.len() > 500, "{}", g.len());
    let capitals: Vec<_> = g.capitals().collect();
    assert!(capitals.len() > 150, "{}", capitals.len());
    assert!(capitals.iter().any(|(names, c)| names.contains(&"Kiev".to_string()) && *c == "UKR"));
}

#[test]
fn bad_lines_are_errors_naming_the_line() {
    let e = Gazetteer::parse("city: Nowhere => XYZ\n", "t.txt").unwrap_err();
    assert_eq!((e.origin.as_str(), e.line), ("t.txt", 1));
    assert!(Gazetteer::parse("city: Somewhere => FRA @ 95 0\n", "t").is_err());
    assert!(Gazetteer::parse("planet: Mars => - @ 0 0\n", "t").is_err());
}

#[test]
fn geonames_places_are_found_with_country_and_coordinates() {
    let g = Gazetteer::builtin();
    // a town no list of dyad's names, from GeoNames
    let p = g.resolve("Kramatorsk", &Context::default()).unwrap();
    assert_eq!(p.country.as_deref(), Some("UKR"));
    assert!((p.lat - 48.7).abs() < 0.3 && (p.lon - 37.6).abs() < 0.3, "{p:?}");
    // capitals of dyad's list take coordinates from GeoNames
    let p = g.resolve("Gaborone", &Context::default()).unwrap();
    assert_eq!((p.kind, p.country.as_deref()), (PlaceKind::Capital, Some("BWA")));
    assert!(!p.lat.is_nan());
    // countries get coordinates too
    let p = g.country_named("Ukraine").unwrap();
    assert!((44.0..53.0).contains(&p.lat), "{p:?}");
    assert!(g.len() > 100_000, "{}", g.len());
}

#[test]
fn ambiguity_is_resolved_from_context_or_not_at_all() {
    let g = Gazetteer::builtin();
    let none = Context::default();
    // dyad's own entry wins without context: the country, Paris in France
    assert_eq!(g.resolve("Georgia", &none).map(|p| p.kind), Some(PlaceKind::Country));
    assert_eq!(g.resolve("Paris", &none).and_then(|p| p.country.as_deref()), Some("FRA"));
    // an article about the United States: the state
    let mut us = Context::default();
    us.add_country("USA");
    us.add_country("USA");
    assert_eq!(g.resolve("Georgia", &us).and_then(|p| p.country.as_deref()), Some("USA"));
    // a qualifier decides
    assert_eq!(g.resolve_qualified("Paris", Some("Texas"), &none).and_then(|p| p.country.as_deref()), Some("USA"));
    // seas have no country
    assert_eq!(g.resolve("the Black Sea", &none).map(|p| p.country.clone()), Some(None));
}
