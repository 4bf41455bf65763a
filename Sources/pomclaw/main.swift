import PomclawCLI

await PomclawCommand.start()
