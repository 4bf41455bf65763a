/// The install's steps, in order, and how they overlap.
public enum InstallPlan {
    /// A fresh list for one run (some steps keep what their check saw for their apply).
    public static var steps: [any Step] {
        stages.flatMap { $0.lanes.flatMap { $0 } }
    }

    /// The steps in three stages: the local files (with the original installer's compose
    /// file set aside); then the image and the stack beside the Zero steps (which need
    /// neither, so a first install's image build overlaps the Zero API calls), with the
    /// stack's reads started at once; then the gateway's auth, which needs the running stack,
    /// and the rest of the stack.
    public static var stages: [RunStage] {
        [
            .sequence([EnvFileStep(), KeysStep(), StackFilesStep(), LegacyComposeStep()]),
            RunStage(
                lanes: [[ImageStep(), StackServicesStep.gatewayAndPomerium], zeroSteps],
                prefetch: { context in await context.stack.prefetch(context.docker) }),
            .sequence([TrustedProxyStep(), StackServicesStep.wholeStack]),
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
