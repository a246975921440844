# Words and phrases every part of orderdeck uses.

common-orders-count = { $count ->
    [one] { $count } order
   *[other] { $count } orders
}

## Where an order stands: the seller's three words (and cancelled, returned)…
common-stage-new = New
common-stage-processing = Processing
common-stage-completed = Completed
common-stage-cancelled = Cancelled
common-stage-returned = Returned

## …and the finer states beside them.
common-status-new = new
common-status-backordered = backorder
common-status-reserved = reserved
common-status-packing = packing
common-status-packed = packed
common-status-shipped = shipped
common-status-delivered = delivered
common-status-completed = completed
common-status-cancelled = cancelled
common-status-returned = returned
common-status-partly-returned = partial

common-yes = yes
common-no = no
