import PomclawCore
import Testing

/// The commands pomclaw prints, spelled for the host: the name that runs this pomclaw, and the
/// Compose that was found.
@Suite struct CommandSpellingTests {
    @Test func composeV1SpellsEveryComposeCommandWithTheDash() {
        let spelling = CommandSpelling()
        let hint = "Run `docker compose logs openclaw-gateway` in the install directory; docker compose exec --user claw x"
        #expect(spelling.apply(hint) == hint, "before Compose is found, nothing changes")
        spelling.composeFound(standalone: true)
        #expect(spelling.apply(hint)
            == "Run `docker-compose logs openclaw-gateway` in the install directory; docker-compose exec --user claw x")
        #expect(spelling.compose == "docker-compose")
        spelling.composeFound(standalone: false)
        #expect(spelling.apply(hint) == hint)
    }

    @Test func pomclawCommandsUseTheNameThatRunsThisBinary() {
        let spelling = CommandSpelling(pomclaw: "./pomclaw")
        #expect(spelling.apply("Run `pomclaw install` to converge; then pomclaw status --json")
            == "Run `./pomclaw install` to converge; then ./pomclaw status --json")
        // Words that are not commands, and the prefix, stay.
        #expect(spelling.apply("[pomclaw] pomclaw cannot write .env; run pomclaw again") == "[pomclaw] pomclaw cannot write .env; run pomclaw again")
        #expect(CommandSpelling(pomclaw: "/opt/my dir/pomclaw").apply("pomclaw status") == "/opt/my dir/pomclaw status")
    }
}
