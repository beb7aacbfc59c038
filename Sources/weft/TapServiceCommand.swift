import ArgumentParser
import TaasPlanner
import Topology

/// `weft tap service create|list|delete`, with TaaS's arguments.
struct TapServiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service",
        abstract: "Create, list and delete tap services (a monitor's destination port).",
        subcommands: [Create.self, List.self, Delete.self]
    )

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a tap service on a destination (monitor) port.")

        @OptionGroup var options: TapStoreOptions
        @Option(help: "Name of the tap service.") var name = ""
        @Option(help: "Description of the tap service.") var description = ""
        @Option(help: "Owning tenant (project).") var tenant: String
        @Option(help: ArgumentHelp("Destination port: a host name or switch:port.", valueName: "port")) var port: String
        @Flag(help: "Print the created service as JSON.") var json = false

        func run() throws {
            try runTapCommand {
                guard let reference = PortReference(port) else { throw CommandFailure("--port: empty port reference") }
                let service = try options.withStore { try $0.createService(TapService(name: name, description: description, tenant: tenant, port: reference)) }
                print(json ? try JSONOutput.text(service) : TapServiceCommand.fields(service).joined(separator: "\n"))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tap services.")

        @OptionGroup var options: TapStoreOptions
        @Flag(help: "Print the services as JSON.") var json = false

        func run() throws {
            try runTapCommand {
                let catalog = try options.withStore { try $0.catalog() }
                if json {
                    print(try JSONOutput.text(catalog.services))
                    return
                }
                var table = TextTable(["id", "name", "tenant", "port", "taas_id", "flows"], rightAligned: [4, 5])
                for service in catalog.services {
                    table.append([service.id, service.name, service.tenant, service.port.description, "\(service.taasID)", "\(catalog.flows(ofService: service.id).count)"])
                }
                table.lines.forEach { print($0) }
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a tap service and, as TaaS does, all its tap flows.")

        @OptionGroup var options: TapStoreOptions
        @Argument(help: "Id or name of the tap service.") var service: String

        func run() throws {
            try runTapCommand {
                let removed = try options.withStore { try $0.deleteService(service) }
                print("deleted tap service \(removed.service.label) and \(removed.flows.count) tap flow\(removed.flows.count == 1 ? "" : "s")")
            }
        }
    }

    /// `field  value` lines, as `openstack tap service show` prints them.
    static func fields(_ service: TapService) -> [String] {
        var table = TextTable(["field", "value"])
        for (field, value) in [("id", service.id), ("name", service.name), ("description", service.description), ("tenant_id", service.tenant),
                               ("port_id", service.port.description), ("taas_id", "\(service.taasID)")] {
            table.append([field, value])
        }
        return table.lines
    }
}
