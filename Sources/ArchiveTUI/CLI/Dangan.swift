import ArgumentParser

/// The root command: its subcommands, and the terminal UI when none is given.
struct Dangan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dangan",
        abstract: "档案 — the customer archive of a property-management office, at the keyboard.",
        discussion: """
            With no command, opens the archive in the terminal UI.
            Exit status: 0 done, 1 problems found or the archive could not be read or written, \
            2 invalid input, 3 refused by a rule, 4 not found or ambiguous, 5 the output could not be written.
            """,
        subcommands: [
            OpenUI.self, Init.self, List.self, Show.self, Search.self, Borrow.self, Return.self, Renew.self, Loans.self,
            Check.self, Report.self, CopyCommand.self, Destroy.self, Transfer.self, Import.self, Export.self,
            EnvelopeCommand.self, DocumentCommand.self, SettingsCommand.self, History.self, Conflicts.self, Desks.self,
            Sync.self,
            IntakeCommand.self, KeysCommand.self, ArrangeCommand.self,
            RulesCommand.self, Approve.self, Approvals.self, IncidentCommand.self, WhoAmI.self, StaffCommand.self,
            Generate.self,
            BenchSearch.self, BenchLend.self, BenchWrite.self, BenchBrowse.self,
        ],
        defaultSubcommand: OpenUI.self
    )
}
