@testable import FocusCharts
import Testing

@Suite("Number formatting")
struct NumberFormattingTests {
    @Test(
        "rounds half away from zero on the decimal value and drops binary noise",
        arguments: [
            (31.200000000000003, 2, "31.2"), (0.1 + 0.2, 2, "0.3"), (0.285, 2, "0.29"), (1.005, 2, "1.01"),
            (2.5, 0, "3"), (-2.5, 0, "-3"), (99.96, 1, "100"), (9.995, 2, "10"), (0.7, 0, "1"), (0.4, 0, "0"),
            (123456.789, 0, "123457"), (1e-05, 6, "0.00001"), (1e-05, 2, "0"), (1e16, 0, "10000000000000000"),
            (Double.leastNonzeroMagnitude, 2, "0"), (-0.0, 2, "0"), (-0.001, 2, "0"), (27, 1, "27"), (100, 2, "100"), (-17.25, 1, "-17.3"),
        ] as [(Double, Int, String)])
    func compact(value: Double, digits: Int, expected: String) {
        #expect(ChartNumber.format(value, maxFractionDigits: digits) == expected)
    }

    @Test("fixed decimals for values shown to people, with a real minus sign")
    func fixed() {
        #expect(ChartNumber.value(27, decimals: 1) == "27.0")
        #expect(ChartNumber.value(31.25, decimals: 1) == "31.3")
        #expect(ChartNumber.value(-12.04, decimals: 1) == "\u{2212}12.0")
        #expect(ChartNumber.value(-0.04, decimals: 1) == "0.0")
        #expect(ChartNumber.value(4.236, decimals: 2) == "4.24")
        #expect(ChartNumber.value(7, decimals: 0) == "7")
        #expect(ChartNumber.tick(-50, decimals: 0) == "\u{2212}50")
        #expect(ChartNumber.tick(0.5, decimals: 1) == "0.5")
        #expect(ChartNumber.tick(1, decimals: 1) == "1")
    }

    @Test("non-finite values never reach a coordinate")
    func nonFinite() {
        #expect(ChartNumber.coordinate(.nan) == "0")
        #expect(ChartNumber.coordinate(.infinity) == "0")
        #expect(ChartNumber.value(.nan, decimals: 1) == "–")
        #expect(ChartNumber.coordinate(-3.14159) == "-3.14")
        #expect(ChartNumber.coordinate(1.7976931348623157e308).count == 309)
    }
}

@Suite("Text")
struct ChartTextTests {
    @Test("escapes markup characters and control characters")
    func escaping() {
        #expect(
            SVGWriter.escape(#"<script>alert("x") & 'y'</script>"#)
                == "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;")
        #expect(SVGWriter.escape("a\u{0}b\nc\u{7F}d") == "a b c d")
        #expect(SVGWriter.escape("Zürich – 5 €") == "Zürich – 5 €")
    }

    @Test("truncates long text with an ellipsis to the estimated width")
    func truncation() {
        let long = String(repeating: "Customer service ", count: 10)
        let (text, truncated) = ChartText.truncate(long, toWidth: 100)
        #expect(truncated)
        #expect(text.hasSuffix("…"))
        #expect(ChartText.width(of: text) <= 100)
        #expect(!text.dropLast().hasSuffix(" "))
        #expect(ChartText.truncate("Web", toWidth: 100) == ("Web", false))
        #expect(ChartText.truncate("Web shop", toWidth: 0).text == "…")
        #expect(ChartText.truncate("Web shop", toWidth: .nan) == ("Web shop", false))
    }

    @Test("ids: a slug of the title and a content hash, or a sanitised explicit id")
    func ids() {
        let a = ChartText.elementID(explicit: nil, kind: "line", title: "NPS – Web shop", content: "1")
        let b = ChartText.elementID(explicit: nil, kind: "line", title: "NPS – Web shop", content: "2")
        #expect(a.hasPrefix("chart-nps-web-shop-"))
        #expect(a != b)
        #expect(a == ChartText.elementID(explicit: nil, kind: "line", title: "NPS – Web shop", content: "1"))
        #expect(ChartText.elementID(explicit: "Trend \"x\"", kind: "line", title: "", content: "") == "trend-x")
        #expect(ChartText.elementID(explicit: "2026", kind: "line", title: "", content: "") == "chart-2026")
        #expect(ChartText.elementID(explicit: "<>", kind: "line", title: "", content: "").hasPrefix("chart-"))
    }

    @Test("links: relative and http(s)/mailto kept, other schemes refused")
    func links() {
        #expect(ChartText.safeHref("/w/acme/touchpoints/3?x=1#a") == "/w/acme/touchpoints/3?x=1#a")
        #expect(ChartText.safeHref("https://example.com/a:b") == "https://example.com/a:b")
        #expect(ChartText.safeHref("touchpoints/3") == "touchpoints/3")
        #expect(ChartText.safeHref("javascript:alert(1)") == nil)
        #expect(ChartText.safeHref(" JavaScript:alert(1)") == nil)
        #expect(ChartText.safeHref("data:text/html,x") == nil)
        #expect(ChartText.safeHref("") == nil)
    }
}
