import Foundation
import PomclawCore
import PomclawTestSupport

/// A fake stack (pomerium + gateway containers) and the gateway's OpenClaw CLI behind one
/// FakeDocker.
struct GatewayHarness {
    let stack: FakeContainers
    let gateway: FakeGateway
    let docker: FakeDocker
    let time = FakeTimekeeper()

    static let domain = Settings.example.clusterDomain
    static let origin = "https://openclaw.\(domain)"

    init(gateway config: JSONObject?, pomerium: String? = "172.30.0.10") {
        let stack = FakeContainers(pomerium: pomerium)
        let gateway = FakeGateway(gateway: config)
        self.stack = stack
        self.gateway = gateway
        docker = FakeDocker { stack.answer($0) ?? gateway.answer($0) }
    }

    func context(_ directory: TemporaryDirectory? = nil, domain: String = domain, dryRun: Bool = false) -> Context {
        var settings = Settings.example
        settings.clusterDomain = domain
        return Context.fake(
            directory: directory?.path ?? "/proc/pomclaw-test-no-directory", settings: settings,
            options: RunOptions(nonInteractive: true, dryRun: dryRun), docker: docker, time: time)
    }

    var cli: OpenClawCLI { OpenClawCLI(docker: docker, time: time) }

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

    /// The end state for pomerium at `address`.
    static func converged(_ address: String = "172.30.0.10", origins: [JSONValue] = [.string(origin)]) -> JSONObject {
        [
            "mode": "local",
            "auth": [
                "mode": "trusted-proxy",
                "trustedProxy": ["userHeader": "x-pomerium-claim-email", "requiredHeaders": ["X-Pomerium-Jwt-Assertion"]],
            ],
            "trustedProxies": [.string(address)],
            "controlUi": ["dangerouslyDisableDeviceAuth": true, "allowedOrigins": .array(origins)],
            "reload": ["mode": "hybrid"],
        ]
    }
}
