import Optimizer
import TopologyStore

extension CapacityReservations {
    /// What every path reservation in a store holds, per resource (the running totals `weft serve`
    /// keeps): for `weft mincut --all --db DB --minus-reservations` and `weft whatif --db DB --minus-reservations`.
    public static func stored(in db: any StoreTransaction) throws -> CapacityReservations {
        CapacityReservations(byResource: try ReservationRecords.usage(excluding: nil, in: db))
    }
}
