/// How policy and route lists are answered, by the knobs (zero-api-audit.md §7 R3, R5).
enum ListRendering {
    /// The list answer for `items` (each as a single GET renders it): summaries while
    /// `summaryListItems` is on (`id`, `name`, `namespaceId`, and `from` for routes: what
    /// working clients read), without `namespaceId` while `listItemsWithoutNamespaceId` is
    /// on, and `null` for an empty list while `nullForEmptyList` is on.
    static func answer(_ items: [JSON], knobs: Knobs) -> APIResponse {
        if items.isEmpty, knobs.nullForEmptyList { return .ok(.null) }
        let shown = items.map { item -> JSON in
            guard var members = item.objectValue else { return item }
            if knobs.summaryListItems {
                members = members.filter { ["id", "name", "namespaceId", "from"].contains($0.key) }
            }
            if knobs.listItemsWithoutNamespaceId { members["namespaceId"] = nil }
            return .object(members)
        }
        return .ok(.array(shown))
    }
}
