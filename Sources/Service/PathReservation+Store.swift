import TopologyStore

extension PathReservation {
    /// Every path reservation in a store, oldest first, as stored (status not re-evaluated): for
    /// `weft whatif --db DB`, which checks each one against every step's fabric.
    public static func stored(in db: any StoreTransaction) throws -> [PathReservation] {
        try ReservationRecords.all(in: db)
    }

    /// What every reservation but `id` holds, per resource: the capacity a reroute of `id` competes with.
    public static func heldByOthers(than id: String, in db: any StoreTransaction) throws -> [String: Double] {
        try ReservationRecords.usage(excluding: id, in: db)
    }
}
