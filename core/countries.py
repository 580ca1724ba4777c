"""ISO 3166-1 alpha-2 country codes and short English names.

From the IANA time zone database's `iso3166.tab` (public domain), which follows the
ISO 3166 maintenance agency, with the names Netflix's own lists use where they differ
(South Korea, North Korea, United Kingdom, Trinidad and Tobago); used to tell a
mistyped code (`ZZ`) from a real country that has no Netflix list stored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from core.errors import NotFoundError
from core.text import clip, normalize

#: Words that mean the global list rather than a country's.
GLOBAL_WORDS = frozenset({"", "global", "world", "worldwide", "all"})

ISO_COUNTRIES: dict[str, str] = {
    "AD": "Andorra",
    "AE": "United Arab Emirates",
    "AF": "Afghanistan",
    "AG": "Antigua & Barbuda",
    "AI": "Anguilla",
    "AL": "Albania",
    "AM": "Armenia",
    "AO": "Angola",
    "AQ": "Antarctica",
    "AR": "Argentina",
    "AS": "Samoa (American)",
    "AT": "Austria",
    "AU": "Australia",
    "AW": "Aruba",
    "AX": "Åland Islands",
    "AZ": "Azerbaijan",
    "BA": "Bosnia & Herzegovina",
    "BB": "Barbados",
    "BD": "Bangladesh",
    "BE": "Belgium",
    "BF": "Burkina Faso",
    "BG": "Bulgaria",
    "BH": "Bahrain",
    "BI": "Burundi",
    "BJ": "Benin",
    "BL": "St Barthelemy",
    "BM": "Bermuda",
    "BN": "Brunei",
    "BO": "Bolivia",
    "BQ": "Caribbean NL",
    "BR": "Brazil",
    "BS": "Bahamas",
    "BT": "Bhutan",
    "BV": "Bouvet Island",
    "BW": "Botswana",
    "BY": "Belarus",
    "BZ": "Belize",
    "CA": "Canada",
    "CC": "Cocos (Keeling) Islands",
    "CD": "Congo (Dem. Rep.)",
    "CF": "Central African Rep.",
    "CG": "Congo (Rep.)",
    "CH": "Switzerland",
    "CI": "Côte d'Ivoire",
    "CK": "Cook Islands",
    "CL": "Chile",
    "CM": "Cameroon",
    "CN": "China",
    "CO": "Colombia",
    "CR": "Costa Rica",
    "CU": "Cuba",
    "CV": "Cape Verde",
    "CW": "Curaçao",
    "CX": "Christmas Island",
    "CY": "Cyprus",
    "CZ": "Czech Republic",
    "DE": "Germany",
    "DJ": "Djibouti",
    "DK": "Denmark",
    "DM": "Dominica",
    "DO": "Dominican Republic",
    "DZ": "Algeria",
    "EC": "Ecuador",
    "EE": "Estonia",
    "EG": "Egypt",
    "EH": "Western Sahara",
    "ER": "Eritrea",
    "ES": "Spain",
    "ET": "Ethiopia",
    "FI": "Finland",
    "FJ": "Fiji",
    "FK": "Falkland Islands",
    "FM": "Micronesia",
    "FO": "Faroe Islands",
    "FR": "France",
    "GA": "Gabon",
    "GB": "United Kingdom",
    "GD": "Grenada",
    "GE": "Georgia",
    "GF": "French Guiana",
    "GG": "Guernsey",
    "GH": "Ghana",
    "GI": "Gibraltar",
    "GL": "Greenland",
    "GM": "Gambia",
    "GN": "Guinea",
    "GP": "Guadeloupe",
    "GQ": "Equatorial Guinea",
    "GR": "Greece",
    "GS": "South Georgia & the South Sandwich Islands",
    "GT": "Guatemala",
    "GU": "Guam",
    "GW": "Guinea-Bissau",
    "GY": "Guyana",
    "HK": "Hong Kong",
    "HM": "Heard Island & McDonald Islands",
    "HN": "Honduras",
    "HR": "Croatia",
    "HT": "Haiti",
    "HU": "Hungary",
    "ID": "Indonesia",
    "IE": "Ireland",
    "IL": "Israel",
    "IM": "Isle of Man",
    "IN": "India",
    "IO": "British Indian Ocean Territory",
    "IQ": "Iraq",
    "IR": "Iran",
    "IS": "Iceland",
    "IT": "Italy",
    "JE": "Jersey",
    "JM": "Jamaica",
    "JO": "Jordan",
    "JP": "Japan",
    "KE": "Kenya",
    "KG": "Kyrgyzstan",
    "KH": "Cambodia",
    "KI": "Kiribati",
    "KM": "Comoros",
    "KN": "St Kitts & Nevis",
    "KP": "North Korea",
    "KR": "South Korea",
    "KW": "Kuwait",
    "KY": "Cayman Islands",
    "KZ": "Kazakhstan",
    "LA": "Laos",
    "LB": "Lebanon",
    "LC": "St Lucia",
    "LI": "Liechtenstein",
    "LK": "Sri Lanka",
    "LR": "Liberia",
    "LS": "Lesotho",
    "LT": "Lithuania",
    "LU": "Luxembourg",
    "LV": "Latvia",
    "LY": "Libya",
    "MA": "Morocco",
    "MC": "Monaco",
    "MD": "Moldova",
    "ME": "Montenegro",
    "MF": "St Martin (French)",
    "MG": "Madagascar",
    "MH": "Marshall Islands",
    "MK": "North Macedonia",
    "ML": "Mali",
    "MM": "Myanmar (Burma)",
    "MN": "Mongolia",
    "MO": "Macau",
    "MP": "Northern Mariana Islands",
    "MQ": "Martinique",
    "MR": "Mauritania",
    "MS": "Montserrat",
    "MT": "Malta",
    "MU": "Mauritius",
    "MV": "Maldives",
    "MW": "Malawi",
    "MX": "Mexico",
    "MY": "Malaysia",
    "MZ": "Mozambique",
    "NA": "Namibia",
    "NC": "New Caledonia",
    "NE": "Niger",
    "NF": "Norfolk Island",
    "NG": "Nigeria",
    "NI": "Nicaragua",
    "NL": "Netherlands",
    "NO": "Norway",
    "NP": "Nepal",
    "NR": "Nauru",
    "NU": "Niue",
    "NZ": "New Zealand",
    "OM": "Oman",
    "PA": "Panama",
    "PE": "Peru",
    "PF": "French Polynesia",
    "PG": "Papua New Guinea",
    "PH": "Philippines",
    "PK": "Pakistan",
    "PL": "Poland",
    "PM": "St Pierre & Miquelon",
    "PN": "Pitcairn",
    "PR": "Puerto Rico",
    "PS": "Palestine",
    "PT": "Portugal",
    "PW": "Palau",
    "PY": "Paraguay",
    "QA": "Qatar",
    "RE": "Réunion",
    "RO": "Romania",
    "RS": "Serbia",
    "RU": "Russia",
    "RW": "Rwanda",
    "SA": "Saudi Arabia",
    "SB": "Solomon Islands",
    "SC": "Seychelles",
    "SD": "Sudan",
    "SE": "Sweden",
    "SG": "Singapore",
    "SH": "St Helena",
    "SI": "Slovenia",
    "SJ": "Svalbard & Jan Mayen",
    "SK": "Slovakia",
    "SL": "Sierra Leone",
    "SM": "San Marino",
    "SN": "Senegal",
    "SO": "Somalia",
    "SR": "Suriname",
    "SS": "South Sudan",
    "ST": "Sao Tome & Principe",
    "SV": "El Salvador",
    "SX": "St Maarten (Dutch)",
    "SY": "Syria",
    "SZ": "Eswatini (Swaziland)",
    "TC": "Turks & Caicos Is",
    "TD": "Chad",
    "TF": "French S. Terr.",
    "TG": "Togo",
    "TH": "Thailand",
    "TJ": "Tajikistan",
    "TK": "Tokelau",
    "TL": "East Timor",
    "TM": "Turkmenistan",
    "TN": "Tunisia",
    "TO": "Tonga",
    "TR": "Turkey",
    "TT": "Trinidad and Tobago",
    "TV": "Tuvalu",
    "TW": "Taiwan",
    "TZ": "Tanzania",
    "UA": "Ukraine",
    "UG": "Uganda",
    "UM": "US minor outlying islands",
    "US": "United States",
    "UY": "Uruguay",
    "UZ": "Uzbekistan",
    "VA": "Vatican City",
    "VC": "St Vincent",
    "VE": "Venezuela",
    "VG": "Virgin Islands (UK)",
    "VI": "Virgin Islands (US)",
    "VN": "Vietnam",
    "VU": "Vanuatu",
    "WF": "Wallis & Futuna",
    "WS": "Samoa (western)",
    "YE": "Yemen",
    "YT": "Mayotte",
    "ZA": "South Africa",
    "ZM": "Zambia",
    "ZW": "Zimbabwe",
}


#: What members type for a country besides its code and the name above, folded as
#: core.text.normalize folds them (spacing, case, accents and punctuation dropped).
ALIASES: dict[str, str] = {
    "korea": "KR",
    "republicofkorea": "KR",
    "korearepublicof": "KR",
    "korearepublic": "KR",
    "rok": "KR",
    "한국": "KR",
    "대한민국": "KR",
    "남한": "KR",
    "dprk": "KP",
    "북한": "KP",
    "usa": "US",
    "unitedstatesofamerica": "US",
    "america": "US",
    "미국": "US",
    "uk": "GB",
    "greatbritain": "GB",
    "britain": "GB",
    "england": "GB",
    "영국": "GB",
    "일본": "JP",
    "日本": "JP",
    "중국": "CN",
    "中国": "CN",
    "대만": "TW",
    "台灣": "TW",
    "czechia": "CZ",
    "turkiye": "TR",
    "uae": "AE",
    "holland": "NL",
    "vietnam": "VN",
}
ALIASES = {normalize(key): code for key, code in ALIASES.items()}
NOT_A_COUNTRY = "is not an ISO 3166 country code (such as KR, US or FR) nor a country's name"


def country_name(iso2: str) -> str | None:
    return ISO_COUNTRIES.get(iso2)


def country_code(text: str | None, stored: Sequence[tuple[str, str]] = ()) -> str | None:
    """The ISO 3166 code a text names: a code (any case), a name as Netflix's lists or ISO
    give it, or a common alias (`Korea`, `USA`, `UK`, `한국`); None if it names none."""
    raw = (text or "").strip()[:100]
    if raw.upper() in ISO_COUNTRIES:
        return raw.upper()
    key = normalize(raw)
    if not key:
        return None
    for iso2, name in stored:
        if key == normalize(name):
            return iso2
    if key in ALIASES:
        return ALIASES[key]
    return next((c for c, n in ISO_COUNTRIES.items() if normalize(n) == key), None)


def resolve_country(
    text: str | None,
    stored: Sequence[tuple[str, str]],
    quote: Callable[[str], str] = str,
    name: Callable[[str, str], str] = lambda iso2, english: english,
) -> str | None:
    """The ISO code a member means, checked one way for every command: None for the
    global list; a country whose lists are stored, by code, name or alias (any case,
    accents ignored); or, while no country list is stored at all, any ISO 3166 country
    (its lists may come with the first import). Anything else is refused with a reason;
    `quote` makes the member's text safe where the reason is shown, and `name(code,
    english)` names a country in the member's language."""
    raw = (text or "").strip()
    if raw.casefold() in GLOBAL_WORDS:
        return None
    iso = country_code(raw, stored)
    shown = quote(clip(raw, 60))
    if iso is None:
        raise NotFoundError(
            "No country list matches “{text}”: it is not an ISO 3166 country code (such as "
            "KR, US or FR) nor a country's name. Pick a country from the suggestions (or "
            "leave it empty for the global list).",
            text=shown,
        )
    if stored and iso not in {code for code, _ in stored}:
        raise NotFoundError(
            "No country list matches “{text}”: Netflix's stored lists have none for "
            "{country} ({code}). Pick a country from the suggestions (or leave it empty for "
            "the global list).",
            text=shown,
            country=name(iso, ISO_COUNTRIES[iso]),
            code=iso,
        )
    return iso
