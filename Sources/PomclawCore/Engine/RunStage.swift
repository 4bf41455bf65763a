/// Part of a run: lanes of steps that do not depend on each other, run concurrently (each lane
/// in order), after everything of the stages before it.
public struct RunStage: Sendable {
    /// Each lane's steps, in order.
    public var lanes: [[any Step]]
    /// Called before the lanes start; it must only start reads the stage's steps will need
    /// (e.g. `StackSession.prefetch`) and return at once, so they overlap with the lanes.
    public var prefetch: (@Sendable (Context) async -> Void)?

    public init(lanes: [[any Step]], prefetch: (@Sendable (Context) async -> Void)? = nil) {
        self.lanes = lanes
        self.prefetch = prefetch
    }

    /// One lane: the steps one after another.
    public static func sequence(_ steps: [any Step]) -> RunStage {
        RunStage(lanes: [steps])
    }
}
