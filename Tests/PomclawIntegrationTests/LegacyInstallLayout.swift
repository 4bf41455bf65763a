import Foundation
import ZeroSimulator

/// An install directory as the original bash installer leaves it (reference/original-installer.md
/// §1, §4.1, §4.4, §8), with its Zero objects (§4.6–§4.8) in the simulator and its running
/// stack on the fake Docker host.
enum LegacyInstallLayout {
    /// The key files at the directory's root, with the `ssh-keygen` options the original used
    /// (the user CA explicitly Ed25519, what OpenSSH ≥ 9.5 makes by default).
    static let keys: [(String, [String])] = [
        ("pomerium_user_ca_key", ["-t", "ed25519", "-C", "Pomerium User CA"]),
        ("ssh_host_ed25519_key", ["-t", "ed25519"]),
        ("ssh_host_rsa_key", ["-t", "rsa", "-b", "3072"]),
        ("ssh_host_ecdsa_key", ["-t", "ecdsa", "-b", "256"]),
    ]

    /// The original's `docker-compose.yml` (§8).
    static let composeFile = """
        services:
          pomerium:
            image: pomerium/pomerium:v0.32.7
            ports:
              - 443:443
              - 2200:22
            restart: always
            extra_hosts:
              - host.docker.internal:host-gateway
            env_file: .env
            environment:
              - XDG_CACHE_HOME=/var/cache
            volumes:
              - pomerium-cache:/var/cache
              - pomerium-data:/data
              - pomerium-databroker:/var/lib/pomerium
            networks:
              main:
                ipv4_address: 172.30.0.10
                aliases:
                  - verify.${POMERIUM_CLUSTER_DOMAIN}
          verify:
            image: pomerium/verify:latest
            networks:
              main:
                aliases:
                  - verify
          openclaw-gateway:
            image: openclaw:${OPENCLAW_VERSION:-2026.6.5}
            build:
              context: ./openclaw
              dockerfile: Dockerfile
              args:
                OPENCLAW_VERSION: ${OPENCLAW_VERSION:-2026.6.5}
            environment:
              - HOME=/claw
              - TERM=xterm-256color
              - POMERIUM_CLUSTER_DOMAIN=${POMERIUM_CLUSTER_DOMAIN}
            volumes:
              - ./openclaw-data/config:/claw
              - ./openclaw-data/workspace:/claw/workspace
              - ./openclaw-data/pomerium-ssh:/var/lib/pomerium:ro
            init: true
            restart: unless-stopped
            networks:
              - main
        networks:
          main:
            ipam:
              config:
                - subnet: 172.30.0.0/16
        volumes:
          pomerium-cache:
          pomerium-data:
          pomerium-databroker:

        """

    /// Lays out `directory` and returns the private key files' contents by name.
    static func write(into directory: String, fixture: CLIFixture) throws -> [String: Data] {
        let manager = FileManager.default
        var keys: [String: Data] = [:]
        for (name, options) in Self.keys {
            try OpenSSH.generate(directory + "/" + name, options)
            keys[name] = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
        }
        for folder in ["openclaw", "openclaw-data/config", "openclaw-data/workspace", "openclaw-data/pomerium-ssh"] {
            try manager.createDirectory(atPath: directory + "/" + folder, withIntermediateDirectories: true)
        }
        try manager.copyItem(
            atPath: directory + "/pomerium_user_ca_key.pub", toPath: directory + "/openclaw-data/pomerium-ssh/pomerium_user_ca_key.pub")
        try Data(composeFile.utf8).write(to: URL(fileURLWithPath: directory + "/docker-compose.yml"))
        try Data("FROM node:24-slim\n".utf8).write(to: URL(fileURLWithPath: directory + "/openclaw/Dockerfile"))
        try Data("#!/bin/sh\n".utf8).write(to: URL(fileURLWithPath: directory + "/openclaw/entrypoint.sh"))
        for script in ["install.sh", "bootstrap.sh"] {
            try Data("#!/usr/bin/env bash\n".utf8).write(to: URL(fileURLWithPath: directory + "/" + script))
        }
        let env = """
            # Pomerium Zero Configuration
            # Get your token from https://console.pomerium.com/
            POMERIUM_ZERO_TOKEN=\(fixture.zeroToken)

            # Your cluster domain (e.g., fantastic-fox-1234.pomerium.app)
            # found in your Pomerium Zero console
            POMERIUM_CLUSTER_DOMAIN=\(fixture.clusters[0].fqdn)

            # API user token from console.pomerium.app/app/management/api-tokens
            POMERIUM_ZERO_API_TOKEN=\(fixture.apiToken)

            # The IdP email allowed by the route policy
            OPERATOR_EMAIL=\(fixture.email)

            # OpenClaw version to install in the container
            OPENCLAW_VERSION=2026.6.5 # defaults to latest stable release if not set

            """
        let envPath = directory + "/.env"
        try Data(env.utf8).write(to: URL(fileURLWithPath: envPath))
        chmod(envPath, 0o600)
        return keys
    }

    /// What bootstrap put in Zero: the cluster settings (§4.6), the policy (§4.7) and the two
    /// routes (§4.8), created directly in the simulator (not through its HTTP API).
    static func seedZero(_ fixture: CLIFixture, directory: String) throws {
        let cluster = fixture.clusters[0]
        func key(_ name: String) throws -> JSON {
            var text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            while text.hasSuffix("\n") { text.removeLast() }
            return .string(text)
        }
        fixture.sim.setSettings(cluster: cluster, [
            "sshAddress": .string("0.0.0.0:22"),
            "sshHostKeys": .array([try key("ssh_host_ed25519_key"), try key("ssh_host_rsa_key"), try key("ssh_host_ecdsa_key")]),
            "sshUserCaKey": try key("pomerium_user_ca_key"),
            "jwtClaimsHeaders": .object(["x-pomerium-claim-email": .string("email")]),
            "databrokerStorageConnection": .string("file:///var/lib/pomerium"),
        ])
        let policy = try fixture.sim.createPolicy(org: fixture.org, .object([
            "namespaceId": .string(cluster.namespaceId),
            "name": .string("openclaw users"),
            "description": .string("Allow \(fixture.email) to access OpenClaw"),
            "explanation": .string("Access denied. Only the configured operator email is permitted."),
            "remediation": .string("Contact the OpenClaw operator to request access."),
            "enforced": .bool(false),
            "ppl": .object(["allow": .object(["or": .array([.object(["email": .object(["is": .string(fixture.email)])])])])]),
        ]))
        let policyID = try require_(policy.objectValue?["id"]?.stringValue, "the policy id")
        for (name, from, to, websockets) in [
            ("openclaw-ssh", "ssh://openclaw", "ssh://openclaw-gateway:22", false),
            ("openclaw-web", "https://openclaw.\(cluster.fqdn)", "http://openclaw-gateway:18789", true),
        ] {
            var body: [String: JSON] = [
                "namespaceId": .string(cluster.namespaceId), "name": .string(name), "from": .string(from),
                "to": .array([.string(to)]), "policyIds": .array([.string(policyID)]),
                "allowSpdy": .bool(false), "enableGoogleCloudServerlessAuthentication": .bool(false),
                "preserveHostHeader": .bool(false), "showErrorDetails": .bool(false), "tlsSkipVerify": .bool(false),
                "tlsUpstreamAllowRenegotiation": .bool(false), "allowWebsockets": .bool(websockets),
            ]
            // The SSH route as the original made it before BOOT-hist c0a371db (2026-06-09):
            // without passIdentityHeaders and the scopes header, which pomclaw then adds.
            if websockets {
                body["passIdentityHeaders"] = .bool(true)
                body["setRequestHeaders"] = .object(["x-openclaw-scopes": .string("operator.admin")])
            }
            _ = try fixture.sim.createRoute(org: fixture.org, .object(body))
        }
    }

    /// The original's stack, running on the fake Docker host: its image and three containers
    /// of the directory's project, made from its own compose file (so their hashes differ from
    /// what compose.yaml gives).
    static func seedDocker(_ fixture: CLIFixture, directory: String) throws {
        let project = URL(fileURLWithPath: directory).lastPathComponent.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        var containers: [String: Any] = [:]
        for (index, service) in ["pomerium", "openclaw-gateway", "verify"].enumerated() {
            containers[project + "/" + service] = [
                "id": String(repeating: String(index + 1), count: 64), "project": project, "service": service,
                "hash": "original-installer-\(service)", "running": true, "restarting": false, "exit": 0, "restarts": 0,
                "ip": service == "pomerium" ? "172.30.0.10" : "172.30.0.\(2 + index)",
                "image": service == "openclaw-gateway" ? "openclaw:2026.6.5" : service,
            ]
        }
        try fixture.docker.setState(["images": ["openclaw:2026.6.5"], "containers": containers, "serial": 10])
    }
}

/// `#require` for a helper that is not a test: throws instead of recording.
func require_<T>(_ value: T?, _ what: String = "a value") throws -> T {
    guard let value else { throw TestFailure("missing \(what)") }
    return value
}
