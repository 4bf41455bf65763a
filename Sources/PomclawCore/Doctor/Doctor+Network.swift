import Foundation

/// The network checks: the published ports and the cluster's names.
extension Doctor {
    func ports(_ context: Context, _ inputs: Inputs) async -> [DoctorFinding] {
        var pomeriumRunning = false
        if Self.installed(context.directory), let containers = try? await StackContainers.read(context.docker) {
            pomeriumRunning = containers[StackNames.pomerium]?.running == true
        }
        return [
            port(id: "port-https", title: "HTTPS port \(inputs.httpsPort)", inputs.httpsPort, variable: "POMCLAW_HTTPS_PORT",
                 address: inputs.bindAddress, pomeriumRunning: pomeriumRunning),
            port(id: "port-ssh", title: "SSH port \(inputs.sshPort)", inputs.sshPort, variable: "POMCLAW_SSH_PORT",
                 address: inputs.bindAddress, pomeriumRunning: pomeriumRunning),
        ]
    }

    private func port(id: String, title: String, _ port: Int, variable: String, address: String, pomeriumRunning: Bool) -> DoctorFinding {
        let find = "find what holds it with `sudo ss -ltnp 'sport = :\(port)'`"
        switch host.bindTCP(port: port, address: address) {
        case .free:
            return .ok(id, title, "free on \(address)")
        case .inUse where pomeriumRunning:
            return .ok(id, title, "held by this stack's pomerium container")
        case .inUse:
            return DoctorFinding(
                id: id, title: title, severity: .error,
                detail: "in use by another process on \(address), so Pomerium cannot publish it",
                next: "Stop that process (\(find)), or set \(variable) to a free port in .env and run pomclaw install.")
        case .failed(let reason) where pomeriumRunning:
            return .ok(id, title, "this stack's pomerium container runs (binding it here to test: \(reason))")
        case .failed(let reason):
            return DoctorFinding(
                id: id, title: title, severity: .warning,
                detail: "could not test it (\(reason); ports below 1024 need root to bind, Docker binds them itself)",
                next: "Check that nothing else listens on it: \(find).")
        }
    }

    func names(_ inputs: Inputs) async -> [DoctorFinding] {
        guard let domain = inputs.clusterDomain else {
            let reason = "no cluster domain on record (POMERIUM_CLUSTER_DOMAIN in .env; run pomclaw install)"
            return [.skipped("dns-web", "DNS of openclaw.<cluster domain>", reason), .skipped("dns-cluster", "DNS of the cluster domain", reason)]
        }
        async let web = name("dns-web", "openclaw." + domain)
        async let cluster = name("dns-cluster", domain)
        return [await web, await cluster]
    }

    private func name(_ id: String, _ host: String) async -> DoctorFinding {
        let title = "DNS of \(host)"
        switch await self.host.resolve(host) {
        case .addresses(let addresses):
            let local = self.host.localAddresses()
            let shown = addresses.joined(separator: ", ")
            if addresses.contains(where: local.contains) {
                return .ok(id, title, "resolves to \(shown), an address of this host")
            }
            return DoctorFinding(
                id: id, title: title, severity: .warning,
                detail: "resolves to \(shown), which is not an address of this host's interfaces (fine behind NAT or port forwarding)",
                next: "If this host has a public address of its own, check the cluster's address in the Pomerium Zero console.")
        case .notFound(let reason):
            return DoctorFinding(
                id: id, title: title, severity: .error, detail: "does not resolve (\(reason))",
                next: "Check POMERIUM_CLUSTER_DOMAIN in .env against the Pomerium Zero console; Zero publishes the "
                    + "cluster's DNS once its Pomerium has connected (run pomclaw install, then wait a few minutes).")
        case .failed(let reason):
            return DoctorFinding(
                id: id, title: title, severity: .error, detail: "the lookup failed (\(reason))",
                next: "Check this host's DNS settings (/etc/resolv.conf, `resolvectl status`), then run pomclaw doctor again.")
        }
    }
}
