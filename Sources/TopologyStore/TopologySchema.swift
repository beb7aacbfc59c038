import struct Foundation.Date
import GRDB
import Topology

/// The topology history tables and their row mapping.
///
/// One row in `topology_version` per saved version; every element table is keyed by
/// (version, …) and keeps an `ordinal` so a topology loads back in the order it was saved.
/// Datapath ids and MACs are stored as 64-bit integers (datapath ids by bit pattern).
/// SQLite tables are STRICT, so a row always reads back as the type it was written with; PostgreSQL
/// tables use the same column names with BIGINT, DOUBLE PRECISION and TEXT (booleans as 0/1).
/// History is append-only: triggers refuse UPDATE and DELETE (and TRUNCATE) on every table.
enum TopologySchema {
    static let tables = ["topology_version", "topology_switch", "topology_port", "topology_link", "topology_host", "topology_tenant"]

    /// The topology's own migrations, oldest first. Never edit a shipped one; append.
    static let migrations: [StoreMigration] = [
        StoreMigration("topology-v1", sqlite: """
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
                """ + tables.map { table in
                """
                CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table)
                BEGIN SELECT RAISE(ABORT, 'topology history is append-only'); END;
                CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table)
                BEGIN SELECT RAISE(ABORT, 'topology history is append-only'); END;

                """
            }.joined(), postgres: """
                CREATE TABLE topology_version (
                    version BIGINT PRIMARY KEY,
                    saved_at TEXT NOT NULL,
                    source TEXT NOT NULL,
                    name TEXT NOT NULL,
                    switch_count BIGINT NOT NULL,
                    link_count BIGINT NOT NULL,
                    host_count BIGINT NOT NULL
                );
                CREATE TABLE topology_switch (
                    version BIGINT NOT NULL REFERENCES topology_version(version),
                    ordinal BIGINT NOT NULL,
                    name TEXT NOT NULL,
                    dpid BIGINT NOT NULL,
                    role TEXT NOT NULL,
                    PRIMARY KEY (version, name)
                );
                CREATE TABLE topology_port (
                    version BIGINT NOT NULL,
                    switch TEXT NOT NULL,
                    ordinal BIGINT NOT NULL,
                    number BIGINT NOT NULL,
                    name TEXT NOT NULL,
                    mac BIGINT,
                    speed_bps DOUBLE PRECISION NOT NULL,
                    up BIGINT NOT NULL,
                    PRIMARY KEY (version, switch, number),
                    FOREIGN KEY (version, switch) REFERENCES topology_switch(version, name)
                );
                CREATE TABLE topology_link (
                    version BIGINT NOT NULL REFERENCES topology_version(version),
                    ordinal BIGINT NOT NULL,
                    source_switch TEXT NOT NULL,
                    source_port BIGINT NOT NULL,
                    target_switch TEXT NOT NULL,
                    target_port BIGINT NOT NULL,
                    capacity_bps DOUBLE PRECISION NOT NULL,
                    latency_s DOUBLE PRECISION NOT NULL,
                    up BIGINT NOT NULL,
                    PRIMARY KEY (version, source_switch, source_port, target_switch, target_port)
                );
                CREATE TABLE topology_host (
                    version BIGINT NOT NULL REFERENCES topology_version(version),
                    ordinal BIGINT NOT NULL,
                    name TEXT NOT NULL,
                    mac BIGINT NOT NULL,
                    ip BIGINT NOT NULL,
                    switch TEXT NOT NULL,
                    port BIGINT NOT NULL,
                    tenant TEXT NOT NULL,
                    PRIMARY KEY (version, name)
                );
                CREATE TABLE topology_tenant (
                    version BIGINT NOT NULL REFERENCES topology_version(version),
                    ordinal BIGINT NOT NULL,
                    name TEXT NOT NULL,
                    description TEXT NOT NULL,
                    PRIMARY KEY (version, name)
                );
                CREATE FUNCTION topology_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'topology history is append-only'; END $$;

                """ + tables.map { table in
                """
                CREATE TRIGGER \(table)_no_change BEFORE UPDATE OR DELETE ON \(table)
                FOR EACH ROW EXECUTE FUNCTION topology_append_only();
                CREATE TRIGGER \(table)_no_truncate BEFORE TRUNCATE ON \(table)
                FOR EACH STATEMENT EXECUTE FUNCTION topology_append_only();

                """
            }.joined()),
        // Where each discovered link's capacity came from (`CapacitySource`); NULL for declared ones.
        StoreMigration("topology-v2-capacity-source", sql: "ALTER TABLE topology_link ADD COLUMN capacity_source TEXT;"),
    ]

    // MARK: Writing

    /// Appends `topology` as the next version; call inside a write transaction.
    static func insert(_ topology: Topology, source: String, savedAt: Date, in tx: any StoreTransaction) throws -> TopologyVersion {
        let last = try tx.fetchValue(Int.self, sql: "SELECT MAX(version) FROM topology_version") ?? 0
        let version = last + 1
        try tx.insert(TopologyRecords.Version(
            version: version, savedAt: savedAt, source: source, name: topology.name,
            switchCount: topology.switches.count, linkCount: topology.links.count, hostCount: topology.hosts.count))
        for (ordinal, node) in topology.switches.enumerated() {
            try tx.insert(TopologyRecords.SwitchRow(
                version: version, ordinal: ordinal, name: node.name, dpid: Int64(bitPattern: node.datapathID.value), role: node.role.rawValue))
            for (portOrdinal, port) in node.ports.enumerated() {
                try tx.insert(TopologyRecords.PortRow(
                    version: version, switch: node.name, ordinal: portOrdinal, number: Int64(port.number), name: port.name,
                    mac: port.mac.map { Int64($0.value) }, speedBps: port.speedBps, up: port.isUp))
            }
        }
        for (ordinal, link) in topology.links.enumerated() {
            try tx.insert(TopologyRecords.LinkRow(
                version: version, ordinal: ordinal, sourceSwitch: link.source.node, sourcePort: Int64(link.source.port),
                targetSwitch: link.target.node, targetPort: Int64(link.target.port), capacityBps: link.capacityBps,
                latencyS: link.latencySeconds, up: link.isUp, capacitySource: link.capacitySource?.rawValue))
        }
        for (ordinal, host) in topology.hosts.enumerated() {
            try tx.insert(TopologyRecords.HostRow(
                version: version, ordinal: ordinal, name: host.name, mac: Int64(host.mac.value), ip: Int64(host.ip.value),
                switch: host.attachment.node, port: Int64(host.attachment.port), tenant: host.tenant))
        }
        for (ordinal, tenant) in topology.tenants.enumerated() {
            try tx.insert(TopologyRecords.TenantRow(version: version, ordinal: ordinal, name: tenant.name, description: tenant.description))
        }
        // Read the entry back: the database keeps times to the millisecond, and callers compare versions.
        guard let saved = try self.version(version, in: tx) else {
            throw RowError(table: "topology_version", reason: "version \(version) is missing right after it was written")
        }
        return saved
    }

    // MARK: Reading

    static func versions(in tx: any StoreTransaction) throws -> [TopologyVersion] {
        try tx.fetchAll(TopologyRecords.Version.self, sql: "SELECT * FROM topology_version ORDER BY version").map(\.model)
    }

    static func version(_ number: Int, in tx: any StoreTransaction) throws -> TopologyVersion? {
        try tx.fetchOne(TopologyRecords.Version.self, sql: "SELECT * FROM topology_version WHERE version = ?", arguments: [number])?.model
    }

    static func latestVersion(in tx: any StoreTransaction) throws -> TopologyVersion? {
        try tx.fetchOne(TopologyRecords.Version.self, sql: "SELECT * FROM topology_version ORDER BY version DESC LIMIT 1")?.model
    }

    /// The topology saved as `version`; throws `RowError` naming the table of a row that does not decode.
    static func topology(of version: TopologyVersion, in tx: any StoreTransaction) throws -> Topology {
        let arguments: [(any DatabaseValueConvertible)?] = [version.number]
        var portsBySwitch: [String: [Port]] = [:]
        for row in try tx.fetchAll(TopologyRecords.PortRow.self, sql: "SELECT * FROM topology_port WHERE version = ? ORDER BY switch, ordinal", arguments: arguments) {
            portsBySwitch[row.switch, default: []].append(Port(
                number: try portNumber(row.number, table: "topology_port"), name: row.name,
                mac: row.mac.map { MACAddress(UInt64(bitPattern: $0)) }, speedBps: row.speedBps, isUp: row.up))
        }
        var switches: [Switch] = []
        for row in try tx.fetchAll(TopologyRecords.SwitchRow.self, sql: "SELECT * FROM topology_switch WHERE version = ? ORDER BY ordinal", arguments: arguments) {
            guard let role = SwitchRole(rawValue: row.role) else {
                throw RowError(table: "topology_switch", reason: "unknown role '\(row.role)'")
            }
            switches.append(Switch(name: row.name, datapathID: DatapathID(UInt64(bitPattern: row.dpid)), role: role, ports: portsBySwitch[row.name] ?? []))
        }
        let links = try tx.fetchAll(TopologyRecords.LinkRow.self, sql: "SELECT * FROM topology_link WHERE version = ? ORDER BY ordinal", arguments: arguments).map { row in
            var capacitySource: CapacitySource?
            if let text = row.capacitySource {
                guard let source = CapacitySource(rawValue: text) else {
                    throw RowError(table: "topology_link", reason: "unknown capacity_source '\(text)'")
                }
                capacitySource = source
            }
            return Link(
                source: LinkEnd(node: row.sourceSwitch, port: try portNumber(row.sourcePort, table: "topology_link")),
                target: LinkEnd(node: row.targetSwitch, port: try portNumber(row.targetPort, table: "topology_link")),
                capacityBps: row.capacityBps, latencySeconds: row.latencyS, isUp: row.up, capacitySource: capacitySource)
        }
        let hosts = try tx.fetchAll(TopologyRecords.HostRow.self, sql: "SELECT * FROM topology_host WHERE version = ? ORDER BY ordinal", arguments: arguments).map { row in
            guard let address = UInt32(exactly: row.ip) else {
                throw RowError(table: "topology_host", reason: "IPv4 address \(row.ip) is out of range")
            }
            return Host(
                name: row.name, mac: MACAddress(UInt64(bitPattern: row.mac)), ip: IPv4Address(address),
                attachment: LinkEnd(node: row.switch, port: try portNumber(row.port, table: "topology_host")), tenant: row.tenant)
        }
        let tenants = try tx.fetchAll(TopologyRecords.TenantRow.self, sql: "SELECT * FROM topology_tenant WHERE version = ? ORDER BY ordinal", arguments: arguments).map {
            Tenant(name: $0.name, description: $0.description)
        }
        return Topology(name: version.name, switches: switches, links: links, hosts: hosts, tenants: tenants)
    }

    private static func portNumber(_ value: Int64, table: String) throws -> UInt32 {
        guard let number = UInt32(exactly: value) else {
            throw RowError(table: table, reason: "port number \(value) is out of range")
        }
        return number
    }

    /// A stored row that does not map back to the model.
    struct RowError: Error {
        var table: String
        var reason: String
    }
}
