/// The install's steps, in order.
public enum InstallPlan {
    /// A fresh list for one run (some steps keep what their check saw for their apply).
    public static var steps: [any Step] {
        [EnvFileStep(), KeysStep(), StackFilesStep(), LegacyComposeStep(), ImageStep(), StackServicesStep.gatewayAndPomerium]
            + zeroSteps
            + [TrustedProxyStep(), StackServicesStep.wholeStack]
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
