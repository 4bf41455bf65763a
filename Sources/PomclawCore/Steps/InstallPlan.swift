/// The install's steps, in order, and how they overlap.
public enum InstallPlan {
    /// A fresh list for one run (some steps keep what their check saw for their apply).
    public static var steps: [any Step] {
        stages.flatMap { $0.lanes.flatMap { $0 } }
    }

    /// The steps in four stages:
    /// 1. the local files the image build needs (`.env`, the stack files, the original
    ///    installer's compose file set aside) and the agent's workspace where they mount it;
    /// 2. the gateway's first config and the image (built on a first install) beside the keys
    ///    and the Zero steps, which need neither: key generation (RSA 3072 takes seconds on a
    ///    small host) and the Zero API calls overlap the build instead of delaying its start.
    ///    The stack's reads start at once;
    /// 3. the gateway and Pomerium up and answering, once the keys (the User CA the gateway's
    ///    sshd trusts) exist; a gateway it starts has its config read beside the wait;
    /// 4. the gateway's auth (needs the running gateway) beside the rest of the stack (an `up`
    ///    that leaves the gateway and Pomerium, just made current, as they are).
    public static var stages: [RunStage] {
        [
            .sequence([EnvFileStep(), StackFilesStep(), LegacyComposeStep(), WorkspaceStep()]),
            RunStage(
                lanes: [[GatewayConfigStep(), ImageStep()], [KeysStep()] + zeroSteps],
                prefetch: { context in
                    await context.stack.prefetch(context.docker, openclawVersion: context.settings.openclawVersion)
                }),
            .sequence([StackServicesStep.gatewayAndPomerium.readingGatewayConfigAhead]),
            RunStage(lanes: [[TrustedProxyStep()], [StackServicesStep.wholeStack]]),
        ]
    }

    /// The Pomerium Zero steps: cluster SSH settings, the policy and the two routes.
    public static var zeroSteps: [any Step] {
        [ClusterSettingsStep(loadKeys: loadClusterKeys), PolicyStep(), RouteStep.ssh, RouteStep.web]
    }

    /// The keys for the cluster settings, or nil before the keys step created them.
    @Sendable public static func loadClusterKeys(_ context: Context) throws -> ClusterSSHKeys? {
        let keys: InstallKeys
        do {
            keys = try InstallKeys.load(from: context.directory, using: context.keys)
        } catch {
            if context.options.dryRun { return nil }
            throw error
        }
        return ClusterSSHKeys(userCA: keys.userCA.privateKeyFile, hostKeys: keys.hostKeys.map(\.privateKeyFile))
    }
}
