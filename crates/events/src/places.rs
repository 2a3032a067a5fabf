//! A compact gazetteer: capitals and major cities with country and coordinates,
//! written from general knowledge (rounded to two decimals).

/// (name, ISO 3166-1 alpha-3, latitude, longitude)
static PLACES: &[(&str, &str, f64, f64)] = &[
    ("Kabul", "AFG", 34.53, 69.17), ("Tirana", "ALB", 41.33, 19.82), ("Algiers", "DZA", 36.75, 3.06),
    ("Luanda", "AGO", -8.84, 13.23), ("Buenos Aires", "ARG", -34.60, -58.38), ("Yerevan", "ARM", 40.18, 44.51),
    ("Canberra", "AUS", -35.28, 149.13), ("Sydney", "AUS", -33.87, 151.21), ("Melbourne", "AUS", -37.81, 144.96),
    ("Vienna", "AUT", 48.21, 16.37), ("Baku", "AZE", 40.41, 49.87), ("Manama", "BHR", 26.23, 50.59),
    ("Dhaka", "BGD", 23.81, 90.41), ("Minsk", "BLR", 53.90, 27.56), ("Brussels", "BEL", 50.85, 4.35),
    ("La Paz", "BOL", -16.50, -68.15), ("Sarajevo", "BIH", 43.86, 18.41), ("Brasilia", "BRA", -15.79, -47.88),
    ("Rio de Janeiro", "BRA", -22.91, -43.17), ("Sao Paulo", "BRA", -23.55, -46.63), ("Sofia", "BGR", 42.70, 23.32),
    ("Ouagadougou", "BFA", 12.37, -1.52), ("Phnom Penh", "KHM", 11.56, 104.92), ("Yaounde", "CMR", 3.85, 11.50),
    ("Ottawa", "CAN", 45.42, -75.70), ("Toronto", "CAN", 43.65, -79.38), ("Montreal", "CAN", 45.50, -73.57),
    ("Bangui", "CAF", 4.39, 18.56), ("N'Djamena", "TCD", 12.13, 15.06), ("Santiago", "CHL", -33.45, -70.67),
    ("Beijing", "CHN", 39.90, 116.41), ("Shanghai", "CHN", 31.23, 121.47), ("Hong Kong", "CHN", 22.32, 114.17),
    ("Bogota", "COL", 4.71, -74.07), ("Kinshasa", "COD", -4.44, 15.27), ("Goma", "COD", -1.68, 29.22),
    ("Brazzaville", "COG", -4.27, 15.28), ("San Jose", "CRI", 9.93, -84.08), ("Zagreb", "HRV", 45.81, 15.98),
    ("Havana", "CUB", 23.11, -82.37), ("Nicosia", "CYP", 35.19, 33.38), ("Prague", "CZE", 50.08, 14.44),
    ("Copenhagen", "DNK", 55.68, 12.57), ("Djibouti", "DJI", 11.59, 43.15), ("Santo Domingo", "DOM", 18.49, -69.93),
    ("Quito", "ECU", -0.18, -78.47), ("Cairo", "EGY", 30.04, 31.24), ("Sharm el-Sheikh", "EGY", 27.92, 34.33),
    ("San Salvador", "SLV", 13.69, -89.22), ("Asmara", "ERI", 15.32, 38.93), ("Tallinn", "EST", 59.44, 24.75),
    ("Addis Ababa", "ETH", 9.01, 38.76), ("Helsinki", "FIN", 60.17, 24.94), ("Paris", "FRA", 48.86, 2.35),
    ("Libreville", "GAB", 0.42, 9.47), ("Tbilisi", "GEO", 41.72, 44.79), ("Berlin", "DEU", 52.52, 13.40),
    ("Munich", "DEU", 48.14, 11.58), ("Bonn", "DEU", 50.74, 7.10), ("Accra", "GHA", 5.60, -0.19),
    ("Athens", "GRC", 37.98, 23.73), ("Guatemala City", "GTM", 14.63, -90.51), ("Conakry", "GIN", 9.64, -13.58),
    ("Port-au-Prince", "HTI", 18.59, -72.31), ("Tegucigalpa", "HND", 14.07, -87.19), ("Budapest", "HUN", 47.50, 19.04),
    ("Reykjavik", "ISL", 64.15, -21.94), ("New Delhi", "IND", 28.61, 77.21), ("Delhi", "IND", 28.70, 77.10),
    ("Mumbai", "IND", 19.08, 72.88), ("Jakarta", "IDN", -6.21, 106.85), ("Tehran", "IRN", 35.69, 51.39),
    ("Baghdad", "IRQ", 33.32, 44.37), ("Erbil", "IRQ", 36.19, 44.01), ("Mosul", "IRQ", 36.34, 43.13),
    ("Dublin", "IRL", 53.35, -6.26), ("Jerusalem", "ISR", 31.77, 35.21), ("Tel Aviv", "ISR", 32.09, 34.78),
    ("Rome", "ITA", 41.90, 12.50), ("Milan", "ITA", 45.46, 9.19), ("Vatican", "VAT", 41.90, 12.45),
    ("Tokyo", "JPN", 35.68, 139.69), ("Amman", "JOR", 31.95, 35.93), ("Astana", "KAZ", 51.17, 71.45),
    ("Almaty", "KAZ", 43.24, 76.89), ("Nairobi", "KEN", -1.29, 36.82), ("Pristina", "XKX", 42.66, 21.17),
    ("Kuwait City", "KWT", 29.38, 47.99), ("Bishkek", "KGZ", 42.87, 74.59), ("Vientiane", "LAO", 17.98, 102.63),
    ("Riga", "LVA", 56.95, 24.11), ("Beirut", "LBN", 33.89, 35.50), ("Monrovia", "LBR", 6.30, -10.80),
    ("Tripoli", "LBY", 32.89, 13.19), ("Benghazi", "LBY", 32.12, 20.09), ("Vilnius", "LTU", 54.69, 25.28),
    ("Luxembourg", "LUX", 49.61, 6.13), ("Antananarivo", "MDG", -18.88, 47.51), ("Kuala Lumpur", "MYS", 3.14, 101.69),
    ("Bamako", "MLI", 12.64, -8.00), ("Nouakchott", "MRT", 18.08, -15.98), ("Mexico City", "MEX", 19.43, -99.13),
    ("Chisinau", "MDA", 47.01, 28.86), ("Ulaanbaatar", "MNG", 47.89, 106.91), ("Podgorica", "MNE", 42.43, 19.26),
    ("Rabat", "MAR", 34.02, -6.84), ("Maputo", "MOZ", -25.97, 32.57), ("Naypyidaw", "MMR", 19.76, 96.08),
    ("Yangon", "MMR", 16.87, 96.20), ("Windhoek", "NAM", -22.56, 17.08), ("Kathmandu", "NPL", 27.72, 85.32),
    ("Amsterdam", "NLD", 52.37, 4.90), ("The Hague", "NLD", 52.08, 4.30), ("Wellington", "NZL", -41.29, 174.78),
    ("Managua", "NIC", 12.11, -86.24), ("Niamey", "NER", 13.51, 2.11), ("Abuja", "NGA", 9.08, 7.40),
    ("Lagos", "NGA", 6.52, 3.38), ("Pyongyang", "PRK", 39.04, 125.76), ("Skopje", "MKD", 42.00, 21.43),
    ("Oslo", "NOR", 59.91, 10.75), ("Muscat", "OMN", 23.59, 58.41), ("Islamabad", "PAK", 33.68, 73.05),
    ("Karachi", "PAK", 24.86, 67.01), ("Lahore", "PAK", 31.55, 74.34), ("Ramallah", "PSE", 31.90, 35.20),
    ("Gaza", "PSE", 31.50, 34.47), ("Panama City", "PAN", 8.98, -79.52), ("Asuncion", "PRY", -25.26, -57.58),
    ("Lima", "PER", -12.05, -77.04), ("Manila", "PHL", 14.60, 120.98), ("Warsaw", "POL", 52.23, 21.01),
    ("Lisbon", "PRT", 38.72, -9.14), ("Doha", "QAT", 25.29, 51.53), ("Bucharest", "ROU", 44.43, 26.10),
    ("Moscow", "RUS", 55.76, 37.62), ("St Petersburg", "RUS", 59.93, 30.36), ("Saint Petersburg", "RUS", 59.93, 30.36),
    ("Sochi", "RUS", 43.60, 39.73), ("Belgorod", "RUS", 50.60, 36.59), ("Kursk", "RUS", 51.73, 36.19),
    ("Kigali", "RWA", -1.94, 30.06), ("Riyadh", "SAU", 24.71, 46.68), ("Jeddah", "SAU", 21.49, 39.19),
    ("Dakar", "SEN", 14.72, -17.47), ("Belgrade", "SRB", 44.79, 20.45), ("Freetown", "SLE", 8.47, -13.23),
    ("Singapore", "SGP", 1.35, 103.82), ("Bratislava", "SVK", 48.15, 17.11), ("Ljubljana", "SVN", 46.06, 14.51),
    ("Mogadishu", "SOM", 2.05, 45.32), ("Pretoria", "ZAF", -25.75, 28.19), ("Johannesburg", "ZAF", -26.20, 28.05),
    ("Cape Town", "ZAF", -33.92, 18.42), ("Seoul", "KOR", 37.57, 126.98), ("Juba", "SSD", 4.86, 31.57),
    ("Madrid", "ESP", 40.42, -3.70), ("Barcelona", "ESP", 41.39, 2.17), ("Colombo", "LKA", 6.93, 79.85),
    ("Khartoum", "SDN", 15.50, 32.56), ("Port Sudan", "SDN", 19.62, 37.22), ("Stockholm", "SWE", 59.33, 18.07),
    ("Bern", "CHE", 46.95, 7.45), ("Geneva", "CHE", 46.20, 6.14), ("Zurich", "CHE", 47.38, 8.54),
    ("Davos", "CHE", 46.80, 9.84), ("Damascus", "SYR", 33.51, 36.29), ("Aleppo", "SYR", 36.20, 37.13),
    ("Idlib", "SYR", 35.93, 36.63), ("Taipei", "TWN", 25.03, 121.57), ("Dushanbe", "TJK", 38.56, 68.77),
    ("Dodoma", "TZA", -6.16, 35.75), ("Dar es Salaam", "TZA", -6.79, 39.21), ("Bangkok", "THA", 13.76, 100.50),
    ("Tunis", "TUN", 36.81, 10.18), ("Ankara", "TUR", 39.93, 32.86), ("Istanbul", "TUR", 41.01, 28.98),
    ("Antalya", "TUR", 36.90, 30.71), ("Ashgabat", "TKM", 37.96, 58.33), ("Kampala", "UGA", 0.35, 32.58),
    ("Kyiv", "UKR", 50.45, 30.52), ("Kiev", "UKR", 50.45, 30.52), ("Kharkiv", "UKR", 49.99, 36.23),
    ("Odesa", "UKR", 46.48, 30.72), ("Odessa", "UKR", 46.48, 30.72), ("Lviv", "UKR", 49.84, 24.03),
    ("Dnipro", "UKR", 48.46, 35.05), ("Zaporizhzhia", "UKR", 47.84, 35.14), ("Zaporizhia", "UKR", 47.84, 35.14),
    ("Kherson", "UKR", 46.64, 32.61), ("Mykolaiv", "UKR", 46.98, 31.99), ("Sumy", "UKR", 50.91, 34.80),
    ("Lutsk", "UKR", 50.75, 25.34), ("Donetsk", "UKR", 48.02, 37.80), ("Luhansk", "UKR", 48.57, 39.31),
    ("Mariupol", "UKR", 47.10, 37.55), ("Bakhmut", "UKR", 48.60, 38.00), ("Pokrovsk", "UKR", 48.28, 37.18),
    ("Sevastopol", "UKR", 44.62, 33.53), ("Abu Dhabi", "ARE", 24.45, 54.38), ("Dubai", "ARE", 25.20, 55.27),
    ("London", "GBR", 51.51, -0.13), ("Edinburgh", "GBR", 55.95, -3.19), ("Belfast", "GBR", 54.60, -5.93),
    ("Washington", "USA", 38.91, -77.04), ("New York", "USA", 40.71, -74.01), ("Los Angeles", "USA", 34.05, -118.24),
    ("Chicago", "USA", 41.88, -87.63), ("Miami", "USA", 25.76, -80.19), ("Anchorage", "USA", 61.22, -149.90),
    ("Camp David", "USA", 39.65, -77.47), ("Mar-a-Lago", "USA", 26.68, -80.04), ("Montevideo", "URY", -34.90, -56.16),
    ("Tashkent", "UZB", 41.30, 69.24), ("Caracas", "VEN", 10.48, -66.90), ("Hanoi", "VNM", 21.03, 105.85),
    ("Ho Chi Minh City", "VNM", 10.82, 106.63), ("Sanaa", "YEM", 15.37, 44.19), ("Aden", "YEM", 12.79, 45.02),
    ("Lusaka", "ZMB", -15.39, 28.32), ("Harare", "ZWE", -17.83, 31.05), ("Minsk", "BLR", 53.90, 27.56),
    ("Brussels", "BEL", 50.85, 4.35), ("Strasbourg", "FRA", 48.57, 7.75), ("Vilnius", "LTU", 54.69, 25.28),
    ("Kabul", "AFG", 34.53, 69.17), ("Kandahar", "AFG", 31.63, 65.71), ("Jenin", "PSE", 32.46, 35.30),
    ("Rafah", "PSE", 31.30, 34.25), ("Khan Younis", "PSE", 31.34, 34.31), ("Hebron", "PSE", 31.53, 35.10),
    ("Haifa", "ISR", 32.79, 34.99), ("Sderot", "ISR", 31.52, 34.60), ("Crimea", "UKR", 45.30, 34.40),
    ("Siberia", "RUS", 60.00, 100.00), ("Darfur", "SDN", 13.50, 24.00), ("El Fasher", "SDN", 13.63, 25.35),
];

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place {
    pub name: &'static str,
    pub country: &'static str,
    pub lat: f64,
    pub lon: f64,
}

/// Looks up a place by name (exact, case-insensitive; "Kyiv" and "Kiev" both known).
pub fn lookup(name: &str) -> Option<Place> {
    let name = name.trim();
    PLACES
        .iter()
        .find(|(n, ..)| n.eq_ignore_ascii_case(name))
        .map(|&(name, country, lat, lon)| Place { name, country, lat, lon })
}

/// The longest number of words any place name has.
pub const MAX_WORDS: usize = 4;
