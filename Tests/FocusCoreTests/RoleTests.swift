import FocusCore
import Testing

@Suite("Roles and permissions")
struct RoleTests {
    @Test("each role may do exactly what the table in Role's documentation says")
    func table() {
        let expected: [Role: Set<Permission>] = [
            .viewer: [.read],
            .agent: [.read, .record],
            .analyst: [.read, .record, .configure],
            .owner: [.read, .record, .configure, .administer],
        ]
        for role in Role.allCases {
            #expect(Set(Permission.allCases.filter(role.allows)) == expected[role], "\(role)")
        }
    }
}
