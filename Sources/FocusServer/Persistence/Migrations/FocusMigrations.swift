import FluentKit

/// Every migration, in the order it runs. A new one is appended, never inserted:
/// a database written by an older version runs only the ones it has not seen.
enum FocusMigrations {
    static let all: [any Migration] = [
        CreateSettings(),
        CreateWorkspaces(),
        CreateUsers(),
        CreateMemberships(),
        CreateAccountLinks(),
        CreateSessions(),
        CreateAPITokens(),
        CreateJourneyStages(),
        CreateTouchpoints(),
        CreateBrands(),
        CreateCustomers(),
        CreateSurveys(),
        CreateInvitations(),
        CreateResponses(),
        CreateMemberInvitations(),
        CreateScoreAggregates(),
        CreateContacts(),
        LinkResponsesToContacts(),
        CreateFeedback(),
        CreateContactAggregates(),
        CreateDriverAggregates(),
        CreateComments(),
        CreateCasework(),
    ]
}
