import PomclawCore
import Testing

struct OpenClawCapabilitiesTests {
    @Test func releasesOrderAsOpenClawNumbersThem() throws {
        let ordered = ["2026.6.5", "2026.6.11", "2026.6.33", "2026.7.1", "2026.7.1-2", "2026.7.33", "2026.8.1", "2026.9.8", "2026.10.1", "2027.1.1"]
        let releases = try ordered.map { try #require(OpenClawRelease($0), "\($0)") }
        #expect(releases == releases.sorted())
        #expect(releases.map(\.description) == ordered)
        #expect(OpenClawRelease("2026.6.33")?.isExtendedStable == true)
        #expect(OpenClawRelease("2026.7.1-2")?.isExtendedStable == false)
    }

    @Test(arguments: ["2026.8.1-beta.1", "v2026.6.5", "2026.6", "2026.13.1", "latest", "2026.6.5-", "2026.6.5-0", "2026.6.5.1"])
    func onlyStableReleasesParse(_ text: String) {
        #expect(OpenClawRelease(text) == nil)
    }

    /// The rows the issue names: the exemption flag up to 2026.7.1-2; auto-approval, identity
    /// scopes and the one-way migration from 2026.8.1; extended-stable lines of June and July
    /// count as their month.
    @Test(arguments: [
        ("2026.6.5", true, false), ("2026.6.33", true, false), ("2026.7.1", true, false), ("2026.7.1-2", true, false),
        ("2026.7.35", true, false), ("2026.8.1", false, true), ("2026.9.8", false, true), ("2026.10.1", false, true),
    ])
    func theTableSaysWhichReleaseHasWhat(_ version: String, _ exemption: Bool, _ reworked: Bool) throws {
        let capabilities = try #require(OpenClawCapabilities(version: version))
        #expect(capabilities.has(.deviceAuthExemption) == exemption)
        #expect(capabilities.has(.deviceAutoApprove) == reworked)
        #expect(capabilities.has(.identityScopes) == reworked)
        #expect(capabilities.has(.oneWayMigration) == reworked)
        #expect(capabilities.webRouteSendsScopesHeader == exemption)
    }

    @Test func migrationDirection() throws {
        let old = try #require(OpenClawRelease("2026.7.1-2"))
        let new = try #require(OpenClawRelease("2026.9.8"))
        #expect(OpenClawCapabilities.isUpgradeAcrossMigration(from: old, to: new))
        #expect(OpenClawCapabilities.isDowngradeAcrossMigration(from: new, to: old))
        #expect(!OpenClawCapabilities.isDowngradeAcrossMigration(from: new, to: try #require(OpenClawRelease("2026.8.1"))))
        #expect(!OpenClawCapabilities.isUpgradeAcrossMigration(from: try #require(OpenClawRelease("2026.6.5")), to: old))
    }

    @Test func autoApprovalNeverGrantsAdmin() {
        #expect(!OpenClawCapabilities.autoApprovedScopes.contains(OpenClawCapabilities.adminScope))
    }
}
