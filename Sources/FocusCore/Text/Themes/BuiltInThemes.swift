/// The themes every workspace starts with: what customers of a service business most often
/// write about, in English and German. A workspace may edit or delete them like its own.
public enum BuiltInThemes {
    public static let all: [ThemeDefinition] = [
        ThemeDefinition(key: "waiting", name: "Waiting time", terms: [
            "en": ["wait*", "on hold", "queue*", "too long", "so long", "took ages", "took forever", "long time", "slow*", "delay*",
                   "weeks", "still no", "never called back", "no reply", "response time"],
            "de": ["wart*", "warteschleife*", "zu lange", "so lange", "dauert*", "gedauert", "langsam*", "verzöger*", "wochen"],
        ]),
        ThemeDefinition(key: "friendliness", name: "Friendliness", terms: [
            "en": ["friendl*", "unfriendl*", "rude*", "polite*", "impolite*", "courteous*", "kind", "nice", "arrogant*",
                   "patient*", "impatient*", "attitude"],
            "de": ["freundlich*", "unfreundlich*", "höflich*", "unhöflich*", "nett*", "arrogant*", "patzig*"],
        ]),
        ThemeDefinition(key: "competence", name: "Competence", terms: [
            "en": ["competen*", "incompeten*", "knowledg*", "expert*", "professional*", "unprofessional*", "clueless",
                   "could not answer", "couldn t answer", "nobody could", "no idea", "explain everything", "three times",
                   "helpful", "unhelpful", "sorted out", "solved"],
            "de": ["kompeten*", "inkompeten*", "fachkundig*", "ahnung*", "beantworten", "hilfreich*", "gelöst"],
        ]),
        ThemeDefinition(key: "price", name: "Price", terms: [
            "en": ["price*", "pricing", "expensive", "cheap*", "overpriced", "premium*", "afford*", "cost*", "value for money",
                   "too much", "went up"],
            "de": ["preis*", "teuer*", "günstig*", "billig*", "beitrag*", "prämie*", "kosten*"],
        ]),
        ThemeDefinition(key: "billing", name: "Billing and invoices", terms: [
            "en": ["invoic*", "bill", "bills", "billing", "billed", "charg*", "overcharg*", "payment*", "refund*", "amount due",
                   "direct debit", "statement*"],
            "de": ["rechnung*", "zahlung*", "abbuch*", "lastschrift*", "erstattung*", "gutschrift*"],
        ]),
        ThemeDefinition(key: "delivery", name: "Delivery", terms: [
            "en": ["deliver*", "shipping", "shipped", "shipment*", "parcel*", "package*", "courier*", "arriv*", "tracking"],
            "de": ["liefer*", "paket*", "versand*", "zustell*"],
        ]),
        ThemeDefinition(key: "digital", name: "Website and app", terms: [
            "en": ["website*", "web site", "web shop", "online", "app", "apps", "login", "log in", "password*", "portal*",
                   "checkout", "crash*", "page", "quote form", "browser*"],
            "de": ["webseite*", "website*", "internetseite*", "online", "app", "portal*", "passwort*", "anmeld*", "absturz*"],
        ]),
        ThemeDefinition(key: "claims", name: "Claims", terms: [
            "en": ["claim*", "damage*", "accident*", "settle*", "settlement*", "loss adjust*", "assessor*", "pay out", "paid out"],
            "de": ["schaden*", "schäden*", "schadenbearbeitung*", "schadensfall*", "versicherungsfall*", "gutachter*", "unfall*"],
        ]),
        ThemeDefinition(key: "communication", name: "Communication", terms: [
            "en": ["letter*", "email*", "e mail*", "call back", "called back", "called me back", "inform*", "explain*", "explanation*",
                   "understand*", "confusing", "unclear", "no answer", "never heard", "kept me updated", "update*", "communicat*"],
            "de": ["brief*", "informier*", "information*", "rückruf*", "zurückgerufen", "unverständlich*", "verstehe*", "unübersichtlich*",
                   "antwort*", "erklär*"],
        ]),
        ThemeDefinition(key: "personal-details", name: "Address and personal details", terms: [
            "en": ["address*", "moved house", "moving house", "personal details", "my details", "my name", "bank details",
                   "phone number", "change of name", "marital status"],
            "de": ["adress*", "anschrift*", "umzug*", "umgezogen", "persönliche daten", "bankverbindung*", "namensänderung*"],
        ]),
    ]
}
