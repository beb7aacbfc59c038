import TopologyStore

extension PathReservation {
    /// Every path reservation in a store, oldest first, as stored (status not re-evaluated): for
    /// `weft whatif --db DB`, which checks each one against every step's fabric.
    public static func stored(in db: any StoreTransaction) throws -> [PathReservation] {
        try ReservationRecords.all(in: db)
    }
}
