import Foundation
import PomclawCore
import PomclawTestSupport

/// A fake stack (pomerium + gateway containers) and the gateway's OpenClaw CLI behind one
/// FakeDocker.
struct GatewayHarness {
    let stack: FakeContainers
    let gateway: FakeGateway
    let docker: FakeDocker
    let time: FakeTimekeeper

    static let domain = Settings.example.clusterDomain
    static let origin = "https://openclaw.\(domain)"

    init(gateway config: JSONObject?, pomerium: String? = "172.30.0.10", version: String = Settings.defaultOpenClawVersion) {
        let stack = FakeContainers(pomerium: pomerium)
        let time = FakeTimekeeper()
        let gateway = FakeGateway(gateway: config, version: version, time: time)
        self.time = time
        self.stack = stack
        self.gateway = gateway
        gatewayVersion = version
        docker = FakeDocker { stack.answer($0) ?? gateway.answer($0) }
    }

    func context(
        _ directory: TemporaryDirectory? = nil, domain: String = domain, dryRun: Bool = false, version: String? = nil,
        email: String? = nil
    ) -> Context {
        var settings = Settings.example
        settings.clusterDomain = domain
        settings.openclawVersion = version ?? gatewayVersion
        if let email { settings.operatorEmail = email }
        return Context.fake(
            directory: directory?.path ?? "/proc/pomclaw-test-no-directory", settings: settings,
            options: RunOptions(nonInteractive: true, dryRun: dryRun), docker: docker, time: time)
    }

    var cli: OpenClawCLI { OpenClawCLI(docker: docker, time: time) }

    /// The release the fake gateway runs.
    var gatewayVersion: String

    /// The target for pomerium at `address`, this domain and the example operator.
    static func target(
        _ address: String = "172.30.0.10", domain: String = domain, version: String = Settings.defaultOpenClawVersion,
        email: String = Settings.example.operatorEmail
    ) -> TrustedProxyTarget {
        TrustedProxyTarget(
            clusterDomain: domain, pomeriumAddress: address, operatorEmail: email,
            capabilities: OpenClawCapabilities(version: version)!)
    }

    /// The OpenClaw argv of every OpenClaw call so far.
    var openclawCalls: [[String]] { docker.commands.compactMap(FakeGateway.openclawArguments) }

    /// What the entrypoint leaves on first boot: a temporary password, the static block, the
    /// device-auth flag and this domain's origin.
    static let firstBoot: JSONObject = [
        "mode": "local",
        "port": .number(18789),
        "auth": [
            "password": "temporary-first-boot-password",
            "trustedProxy": ["userHeader": "x-pomerium-claim-email", "requiredHeaders": ["X-Pomerium-Jwt-Assertion"]],
        ],
        "controlUi": ["dangerouslyDisableDeviceAuth": true, "allowedOrigins": [.string(origin)]],
    ]

    /// The end state for pomerium at `address` on a release with the device-auth exemption.
    static func converged(_ address: String = "172.30.0.10", origins: [JSONValue] = [.string(origin)]) -> JSONObject {
        [
            "mode": "local",
            "bind": "lan",
            "auth": [
                "mode": "trusted-proxy",
                "trustedProxy": ["userHeader": "x-pomerium-claim-email", "requiredHeaders": ["X-Pomerium-Jwt-Assertion"]],
            ],
            "trustedProxies": [.string(address)],
            "controlUi": ["dangerouslyDisableDeviceAuth": true, "allowedOrigins": .array(origins)],
            "reload": ["mode": "hybrid"],
        ]
    }

    /// The end state on releases from 2026.8.1: device auto-approval and the operator's
    /// admin grant instead of the exemption.
    static func convergedReworked(_ address: String = "172.30.0.10", email: String = Settings.example.operatorEmail) -> JSONObject {
        [
            "mode": "local",
            "bind": "lan",
            "auth": [
                "mode": "trusted-proxy",
                "trustedProxy": [
                    "userHeader": "x-pomerium-claim-email", "requiredHeaders": ["X-Pomerium-Jwt-Assertion"],
                    "deviceAutoApprove": [
                        "enabled": true,
                        "scopes": ["operator.read", "operator.write", "operator.approvals", "operator.questions"],
                    ],
                ],
                "identityScopes": [email: ["operator.admin"]],
            ],
            "trustedProxies": [.string(address)],
            "controlUi": ["allowedOrigins": [.string(origin)]],
        ]
    }
}
