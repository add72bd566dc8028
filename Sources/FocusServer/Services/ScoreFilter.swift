import FocusCore
import Foundation

/// Which responses a dashboard counts.
public struct ScoreFilter: Sendable, Equatable {
    public struct Attribute: Sendable, Equatable {
        public let key: String
        public let value: String
    }

    public var period: Period
    public var surveyID: UUID?
    /// One touchpoint, or the touchpoints of a journey stage.
    public var touchpointIDs: [UUID]?
    public var brandID: UUID?
    public var channel: String?
    public var segment: String?
    /// A hidden attribute's value; combines with period, survey and touchpoint only.
    public var attribute: Attribute?

    public init(period: Period, surveyID: UUID? = nil, touchpointIDs: [UUID]? = nil, brandID: UUID? = nil,
                channel: String? = nil, segment: String? = nil, attribute: Attribute? = nil) {
        self.period = period
        self.surveyID = surveyID
        self.touchpointIDs = touchpointIDs
        self.brandID = brandID
        self.channel = channel
        self.segment = segment
        self.attribute = attribute
    }
}

/// What a breakdown groups by.
public enum ScoreDimension: Sendable, Equatable {
    case touchpoint, stage, brand, channel, segment, survey
    case attribute(String)

    public init?(_ text: String) {
        switch text {
        case "touchpoint": self = .touchpoint
        case "stage": self = .stage
        case "brand": self = .brand
        case "channel": self = .channel
        case "segment": self = .segment
        case "survey": self = .survey
        default:
            guard text.hasPrefix("attribute:"), case let key = String(text.dropFirst("attribute:".count)), Validate.isPlainKey(key)
            else { return nil }
            self = .attribute(key)
        }
    }

    public var name: String {
        switch self {
        case .touchpoint: "touchpoint"
        case .stage: "stage"
        case .brand: "brand"
        case .channel: "channel"
        case .segment: "segment"
        case .survey: "survey"
        case .attribute(let key): "attribute:\(key)"
        }
    }

    public static let allNames = "touchpoint, stage, brand, channel, segment, survey or attribute:<key>"
}
