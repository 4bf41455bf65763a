extension ZeroSimulator {
    /// Adds a fault-injection rule; rules apply in the order added, each to its next `count` matches.
    public func inject(_ fault: Fault) {
        core.state.withLock { $0.faults.append(fault) }
    }

    /// Adds a rule from `"METHOD /path/pattern"` (`*` = one segment) for the next `count` matches,
    /// each hit with `probability`.
    public func inject(_ rule: String, count: Int = 1, probability: Double = 1, _ action: FaultAction) {
        inject(Fault(rule, count: count, probability: probability, action: action))
    }

    /// The rules that still have uses left.
    public var pendingFaults: [Fault] {
        core.state.withLock { $0.faults }
    }

    /// Removes every fault rule.
    public func clearFaults() {
        core.state.withLock { $0.faults.removeAll() }
    }
}
