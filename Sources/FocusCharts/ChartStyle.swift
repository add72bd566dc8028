/// The look of the charts.
///
/// Every chart element carries both a CSS class and presentation attributes (`fill`, `stroke`)
/// with the defaults below, so a chart looks right on its own (in a feed reader, a saved page, an
/// e-mail); the site stylesheet then overrides the attributes through the classes, since CSS
/// wins over presentation attributes.
///
/// Classes used:
/// - root: `chart` plus `chart-linechart`, `chart-barchart` or `chart-distribution`
/// - `chart-line` (trend line), `chart-band` (interval band and its legend swatch),
///   `chart-point` (ordinary point), `chart-mark` (diamond of a marked point or bar)
/// - `chart-bar`, `chart-bar-marked` (added to `chart-bar`), `chart-whisker` (interval whisker)
/// - `chart-tone-negative`, `chart-tone-negative2`, `chart-tone-neutral`, `chart-tone-positive2`,
///   `chart-tone-positive` (distribution segments and their legend swatches)
/// - `chart-empty` (outline of a distribution row without responses), `chart-halo` (white
///   underlay that keeps a whisker visible over a dark bar; needs no rule)
/// - `chart-axis` (baseline and zero line), `chart-grid` (tick lines)
/// - `chart-label` (all text), `chart-label-inverse` (added for text on a dark segment),
///   `chart-value` (added for value labels)
public enum ChartStyle {
    /// Rules to append to the site stylesheet. They use the site's custom properties
    /// (`--accent`, `--ink`, `--muted`, `--line`, `--bad`) with fallbacks, and switch to black and
    /// grey strokes for print. Tone colours run red → grey → blue, which stays distinguishable
    /// for red–green colour blindness; the percentages and the legend carry the meaning anyway.
    public static let css: String = """
        /* Charts (FocusCharts): inline SVG, readable without colour and in print. */
        svg.chart { display: block; width: 100%; height: auto; max-width: 100%; overflow: visible; font-family: inherit; }
        .chart .chart-label { fill: var(--muted, #5b6675); }
        .chart .chart-value { fill: var(--ink, #1b2430); font-weight: 600; }
        .chart .chart-label-inverse { fill: #fff; }
        .chart .chart-grid { stroke: var(--line, #d9dee5); stroke-width: 1; }
        .chart .chart-axis { stroke: var(--muted, #5b6675); stroke-width: 1; }
        .chart .chart-line { fill: none; stroke: var(--accent, #0b5cad); stroke-width: 2; }
        .chart .chart-band { fill: var(--accent, #0b5cad); fill-opacity: .15; stroke: none; }
        .chart .chart-point { fill: var(--accent, #0b5cad); stroke: #fff; }
        .chart .chart-mark { fill: var(--ink, #1b2430); stroke: #fff; stroke-width: 1.5; }
        .chart .chart-bar { fill: var(--accent, #0b5cad); }
        .chart .chart-bar-marked { fill: #14213d; stroke: var(--ink, #1b2430); stroke-width: 1.5; }
        .chart .chart-whisker { stroke: var(--ink, #1b2430); stroke-width: 1.5; }
        .chart .chart-tone-negative { fill: var(--bad, #b3261e); }
        .chart .chart-tone-negative2 { fill: #e8a49d; }
        .chart .chart-tone-neutral { fill: #cfd4db; }
        .chart .chart-tone-positive2 { fill: #9cc2e8; }
        .chart .chart-tone-positive { fill: var(--accent, #0b5cad); }
        .chart .chart-empty { fill: none; stroke: var(--line, #d9dee5); stroke-dasharray: 4 3; }
        .chart a .chart-label { fill: var(--accent, #0b5cad); text-decoration: underline; }
        .chart a:focus-visible { outline: 3px solid #f2a900; outline-offset: 2px; }
        @media print {
          svg.chart { break-inside: avoid; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
          .chart .chart-label, .chart .chart-value, .chart a .chart-label { fill: #000; text-decoration: none; }
          .chart .chart-label-inverse { fill: #fff; }
          .chart .chart-grid { stroke: #bbb; }
          .chart .chart-axis, .chart .chart-whisker { stroke: #000; }
          .chart .chart-line { stroke: #000; }
          .chart .chart-band { fill: #000; fill-opacity: .12; }
          .chart .chart-point { fill: #000; stroke: #fff; }
          .chart .chart-mark { fill: #000; stroke: #fff; }
          .chart .chart-bar { fill: #8a8a8a; }
          .chart .chart-bar-marked { fill: #333; stroke: #000; }
          .chart .chart-tone-negative, .chart .chart-tone-negative2, .chart .chart-tone-neutral,
          .chart .chart-tone-positive2, .chart .chart-tone-positive { stroke: #fff; stroke-width: 1; }
          .chart .chart-empty { stroke: #888; }
        }
        """

    // Presentation-attribute defaults, the same colours as `css` without the site stylesheet.
    static let accent = "#0b5cad"
    static let inkColor = "#1b2430"
    static let labelColor = "#5b6675"
    static let gridColor = "#d9dee5"
    static let axisColor = "#5b6675"
    static let markedBarColor = "#14213d"

    /// Default fill of a distribution tone, and whether text on it should be white.
    static func fill(for tone: DistributionChart.Tone) -> (fill: String, dark: Bool) {
        switch tone {
        case .negative: ("#b3261e", true)
        case .negative2: ("#e8a49d", false)
        case .neutral: ("#cfd4db", false)
        case .positive2: ("#9cc2e8", false)
        case .positive: ("#0b5cad", true)
        }
    }
}
