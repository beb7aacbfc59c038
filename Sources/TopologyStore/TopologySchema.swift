import struct Foundation.Date
import Topology
import GRDB

/// The topology history tables and their row mapping.
///
/// One row in `topology_version` per saved version; every element table is keyed by
/// (version, …) and keeps an `ordinal` so a topology loads back in the order it was saved.
/// Datapath ids and MACs are stored as 64-bit integers (datapath ids by bit pattern).
/// Tables are STRICT, so a row always reads back as the type it was written with.
/// History is append-only: triggers refuse UPDATE and DELETE on every table.
enum TopologySchema {
    static let tables = ["topology_version", "topology_switch", "topology_port", "topology_link", "topology_host", "topology_tenant"]

    /// The topology's own migrations, oldest first. Never edit a shipped one; append.
    static let migrations: [StoreMigration] = [
        StoreMigration("topology-v1") { db in
            try db.execute(sql: """
                CREATE TABLE topology_version (
                    version INTEGER PRIMARY KEY,
                    saved_at TEXT NOT NULL,
                    source TEXT NOT NULL,
                    name TEXT NOT NULL,
                    switch_count INTEGER NOT NULL,
                    link_count INTEGER NOT NULL,
                    host_count INTEGER NOT NULL
                ) STRICT;
                CREATE TABLE topology_switch (
                    version INTEGER NOT NULL REFERENCES topology_version(version),
                    ordinal INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    dpid INTEGER NOT NULL,
                    role TEXT NOT NULL,
                    PRIMARY KEY (version, name)
                ) STRICT;
                CREATE TABLE topology_port (
                    version INTEGER NOT NULL,
                    switch TEXT NOT NULL,
                    ordinal INTEGER NOT NULL,
                    number INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    mac INTEGER,
                    speed_bps REAL NOT NULL,
                    up INTEGER NOT NULL,
                    PRIMARY KEY (version, switch, number),
                    FOREIGN KEY (version, switch) REFERENCES topology_switch(version, name)
                ) STRICT;
                CREATE TABLE topology_link (
                    version INTEGER NOT NULL REFERENCES topology_version(version),
                    ordinal INTEGER NOT NULL,
                    source_switch TEXT NOT NULL,
                    source_port INTEGER NOT NULL,
                    target_switch TEXT NOT NULL,
                    target_port INTEGER NOT NULL,
                    capacity_bps REAL NOT NULL,
                    latency_s REAL NOT NULL,
                    up INTEGER NOT NULL,
                    PRIMARY KEY (version, source_switch, source_port, target_switch, target_port)
                ) STRICT;
                CREATE TABLE topology_host (
                    version INTEGER NOT NULL REFERENCES topology_version(version),
                    ordinal INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    mac INTEGER NOT NULL,
                    ip INTEGER NOT NULL,
                    switch TEXT NOT NULL,
                    port INTEGER NOT NULL,
                    tenant TEXT NOT NULL,
                    PRIMARY KEY (version, name)
                ) STRICT;
                CREATE TABLE topology_tenant (
                    version INTEGER NOT NULL REFERENCES topology_version(version),
                    ordinal INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    description TEXT NOT NULL,
                    PRIMARY KEY (version, name)
                ) STRICT;
                """)
            for table in tables {
                try db.execute(sql: """
                    CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table)
                    BEGIN SELECT RAISE(ABORT, 'topology history is append-only'); END;
                    CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table)
                    BEGIN SELECT RAISE(ABORT, 'topology history is append-only'); END;
                    """)
            }
        },
    ]

    // MARK: Writing

    /// Appends `topology` as the next version; call inside a write transaction.
    static func insert(_ topology: Topology, source: String, savedAt: Date, in db: Database) throws -> TopologyVersion {
        let last = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM topology_version") ?? 0
        let version = TopologyVersion(
            number: last + 1, savedAt: savedAt, source: source, name: topology.name,
            switchCount: topology.switches.count, linkCount: topology.links.count, hostCount: topology.hosts.count
        )
        try db.execute(
            sql: "INSERT INTO topology_version (version, saved_at, source, name, switch_count, link_count, host_count) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [version.number, savedAt, source, topology.name, version.switchCount, version.linkCount, version.hostCount]
        )
        let switchRow = try db.cachedStatement(sql: "INSERT INTO topology_switch (version, ordinal, name, dpid, role) VALUES (?, ?, ?, ?, ?)")
        let portRow = try db.cachedStatement(sql: "INSERT INTO topology_port (version, switch, ordinal, number, name, mac, speed_bps, up) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        for (ordinal, node) in topology.switches.enumerated() {
            try switchRow.execute(arguments: [version.number, ordinal, node.name, Int64(bitPattern: node.datapathID.value), node.role.rawValue])
            for (portOrdinal, port) in node.ports.enumerated() {
                try portRow.execute(arguments: [
                    version.number, node.name, portOrdinal, Int64(port.number), port.name,
                    port.mac.map { Int64($0.value) }, port.speedBps, port.isUp,
                ])
            }
        }
        let linkRow = try db.cachedStatement(sql: """
            INSERT INTO topology_link (version, ordinal, source_switch, source_port, target_switch, target_port, capacity_bps, latency_s, up)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (ordinal, link) in topology.links.enumerated() {
            try linkRow.execute(arguments: [
                version.number, ordinal, link.source.node, Int64(link.source.port), link.target.node, Int64(link.target.port),
                link.capacityBps, link.latencySeconds, link.isUp,
            ])
        }
        let hostRow = try db.cachedStatement(sql: "INSERT INTO topology_host (version, ordinal, name, mac, ip, switch, port, tenant) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        for (ordinal, host) in topology.hosts.enumerated() {
            try hostRow.execute(arguments: [
                version.number, ordinal, host.name, Int64(host.mac.value), Int64(host.ip.value),
                host.attachment.node, Int64(host.attachment.port), host.tenant,
            ])
        }
        let tenantRow = try db.cachedStatement(sql: "INSERT INTO topology_tenant (version, ordinal, name, description) VALUES (?, ?, ?, ?)")
        for (ordinal, tenant) in topology.tenants.enumerated() {
            try tenantRow.execute(arguments: [version.number, ordinal, tenant.name, tenant.description])
        }
        // Read the entry back: the file keeps times to the millisecond, and callers compare versions.
        return try self.version(version.number, in: db) ?? version
    }

    // MARK: Reading

    static func versions(in db: Database) throws -> [TopologyVersion] {
        try Row.fetchAll(db, sql: "SELECT * FROM topology_version ORDER BY version").map(version(from:))
    }

    static func version(_ number: Int, in db: Database) throws -> TopologyVersion? {
        try Row.fetchOne(db, sql: "SELECT * FROM topology_version WHERE version = ?", arguments: [number]).map(version(from:))
    }

    static func latestVersion(in db: Database) throws -> TopologyVersion? {
        try Row.fetchOne(db, sql: "SELECT * FROM topology_version ORDER BY version DESC LIMIT 1").map(version(from:))
    }

    private static func version(from row: Row) -> TopologyVersion {
        TopologyVersion(
            number: row["version"], savedAt: row["saved_at"], source: row["source"], name: row["name"],
            switchCount: row["switch_count"], linkCount: row["link_count"], hostCount: row["host_count"]
        )
    }

    /// The topology saved as `version`; throws `RowError` naming the table of a row that does not decode.
    static func topology(of version: TopologyVersion, in db: Database) throws -> Topology {
        let arguments: StatementArguments = [version.number]
        var portsBySwitch: [String: [Port]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM topology_port WHERE version = ? ORDER BY switch, ordinal", arguments: arguments) {
            let number: Int64 = row["number"]
            guard let portNumber = UInt32(exactly: number) else {
                throw RowError(table: "topology_port", reason: "port number \(number) is out of range")
            }
            let mac: Int64? = row["mac"]
            portsBySwitch[row["switch"], default: []].append(Port(
                number: portNumber, name: row["name"], mac: mac.map { MACAddress(UInt64(bitPattern: $0)) },
                speedBps: row["speed_bps"], isUp: row["up"]
            ))
        }
        var switches: [Switch] = []
        for row in try Row.fetchAll(db, sql: "SELECT * FROM topology_switch WHERE version = ? ORDER BY ordinal", arguments: arguments) {
            let roleName: String = row["role"]
            guard let role = SwitchRole(rawValue: roleName) else {
                throw RowError(table: "topology_switch", reason: "unknown role '\(roleName)'")
            }
            let name: String = row["name"]
            let dpid: Int64 = row["dpid"]
            switches.append(Switch(name: name, datapathID: DatapathID(UInt64(bitPattern: dpid)), role: role, ports: portsBySwitch[name] ?? []))
        }
        var links: [Link] = []
        for row in try Row.fetchAll(db, sql: "SELECT * FROM topology_link WHERE version = ? ORDER BY ordinal", arguments: arguments) {
            links.append(Link(
                source: try end(row, switchColumn: "source_switch", portColumn: "source_port", table: "topology_link"),
                target: try end(row, switchColumn: "target_switch", portColumn: "target_port", table: "topology_link"),
                capacityBps: row["capacity_bps"], latencySeconds: row["latency_s"], isUp: row["up"]
            ))
        }
        var hosts: [Host] = []
        for row in try Row.fetchAll(db, sql: "SELECT * FROM topology_host WHERE version = ? ORDER BY ordinal", arguments: arguments) {
            let mac: Int64 = row["mac"]
            let ip: Int64 = row["ip"]
            guard let address = UInt32(exactly: ip) else {
                throw RowError(table: "topology_host", reason: "IPv4 address \(ip) is out of range")
            }
            hosts.append(Host(
                name: row["name"], mac: MACAddress(UInt64(bitPattern: mac)), ip: IPv4Address(address),
                attachment: try end(row, switchColumn: "switch", portColumn: "port", table: "topology_host"), tenant: row["tenant"]
            ))
        }
        let tenants = try Row.fetchAll(db, sql: "SELECT * FROM topology_tenant WHERE version = ? ORDER BY ordinal", arguments: arguments).map {
            Tenant(name: $0["name"], description: $0["description"])
        }
        return Topology(name: version.name, switches: switches, links: links, hosts: hosts, tenants: tenants)
    }

    private static func end(_ row: Row, switchColumn: String, portColumn: String, table: String) throws -> LinkEnd {
        let port: Int64 = row[portColumn]
        guard let number = UInt32(exactly: port) else {
            throw RowError(table: table, reason: "port number \(port) is out of range")
        }
        return LinkEnd(node: row[switchColumn], port: number)
    }

    /// A stored row that does not map back to the model.
    struct RowError: Error {
        var table: String
        var reason: String
    }
}
