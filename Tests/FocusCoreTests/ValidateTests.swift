import FocusCore
import Testing

@Suite("Input validation")
struct ValidateTests {
    @Test("names are trimmed and bounded")
    func names() throws {
        #expect(try Validate.name("  Web shop ", field: "name") == "Web shop")
        #expect(throws: FieldError("name", "must not be empty")) { try Validate.name(" \n ", field: "name") }
        #expect(throws: FieldError.self) { try Validate.name(String(repeating: "x", count: 121), field: "name", maxLength: 120) }
    }

    @Test("e-mail addresses", arguments: [
        ("Ann@Example.COM", "ann@example.com"), (" bo@x.io ", "bo@x.io"),
    ])
    func emails(input: String, expected: String) throws {
        #expect(try Validate.email(input) == expected)
    }

    @Test("not e-mail addresses", arguments: ["ann", "ann@", "@x.io", "a@b", "a b@x.io", "a@x.", "a@@x.io", "a@.x.io"])
    func notEmails(input: String) {
        #expect(throws: FieldError.self) { try Validate.email(input) }
    }

    @Test("passwords: at least 10 characters, at most 72 bytes, confirmed")
    func passwords() throws {
        try Validate.newPassword("ten chars!", confirmation: "ten chars!")
        #expect(throws: FieldError("password", "must be at least 10 characters")) { try Validate.newPassword("nine char", confirmation: nil) }
        #expect(throws: FieldError("password", "must be at most 72 bytes")) { try Validate.newPassword(String(repeating: "é", count: 37), confirmation: nil) }
        #expect(throws: FieldError("password_confirmation", "does not match the password")) { try Validate.newPassword("ten chars!", confirmation: "ten chars?") }
    }

    @Test("slugs from names")
    func slugs() {
        #expect("Harbour Mutual".slugified() == "harbour-mutual")
        #expect("  Ärger & Co. 24/7 ".slugified() == "rger-co-24-7")
        #expect("!!!".slugified() == "")
    }

    @Test("customer rules name the field at fault")
    func customers() throws {
        let since = try #require(CalendarDate(iso: "2020-01-01"))
        #expect(throws: FieldError("churned_on", "is required for a churned customer")) {
            try Customer(externalID: "A", status: .churned).validated()
        }
        #expect(throws: FieldError("churned_on", "must be empty for an active customer")) {
            try Customer(externalID: "A", churnedOn: since).validated()
        }
        #expect(throws: FieldError("value_per_year", "must be a number zero or above")) {
            try Customer(externalID: "A", valuePerYear: .nan).validated()
        }
        let ok = try Customer(externalID: " A-1 ", email: "", attributes: [" region ": " North "]).validated()
        #expect(ok.externalID == "A-1")
        #expect(ok.email == nil)
        #expect(ok.attributes == ["region": "North"])
    }
}
