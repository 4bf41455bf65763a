/// The stack checks, reused from `status`: the gateway and Pomerium running, current and
/// answering, the rest of the stack, and the gateway in trusted-proxy auth with the pomerium
/// container's address.
extension Doctor {
    func stack(_ context: Context, _ inputs: Inputs) async -> [DoctorFinding] {
        let steps: [(String, any Step)] = [
            ("stack", StackServicesStep.gatewayAndPomerium),
            ("stack-rest", StackServicesStep.wholeStack),
            ("trusted-proxy", TrustedProxyStep()),
        ]
        guard Self.installed(context.directory) else {
            return steps.map { .skipped($0.0, $0.1.title, context.directory.nothingInstalled.message) }
        }
        return await withTaskGroup(of: (Int, DoctorFinding).self) { group in
            for (index, (id, step)) in steps.enumerated() {
                group.addTask {
                    if id == "trusted-proxy", inputs.clusterDomain == nil {
                        return (index, .skipped(id, step.title, "no cluster domain on record (POMERIUM_CLUSTER_DOMAIN)"))
                    }
                    return (index, Self.finding(await StatusRunner.entry(step, context)))
                }
            }
            var found = [DoctorFinding?](repeating: nil, count: steps.count)
            for await (index, finding) in group { found[index] = finding }
            return found.compactMap { $0 }
        }
    }

    /// A status entry as a finding: anything but ok is an error that `pomclaw install` fixes.
    static func finding(_ entry: StatusReport.Entry) -> DoctorFinding {
        let converge = "Run `pomclaw install` to converge; if it fails again, `docker compose logs openclaw-gateway` "
            + "in the install directory says why."
        switch entry.state {
        case .ok:
            return .ok(entry.id, entry.title, entry.detail ?? "in place")
        case .skipped:
            return .skipped(entry.id, entry.title, entry.detail ?? "not checked")
        case .drifted, .missing:
            return DoctorFinding(
                id: entry.id, title: entry.title, severity: .error,
                detail: (entry.state == .missing ? "missing: " : "not as it should be: ") + entry.changes.joined(separator: "; "),
                next: converge)
        case .error:
            return DoctorFinding(id: entry.id, title: entry.title, severity: .error, detail: entry.detail ?? "the check failed", next: converge)
        }
    }
}
