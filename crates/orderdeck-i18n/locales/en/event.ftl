# What the timeline says of an order: each event in the reader's language.

event-claimed = claimed for packing by { $station }
event-claimed-expired = claimed for packing by { $station } (the claim of { $previous } had expired)
event-unclaimed = returned to the pack queue
event-packed = all items scanned and packed
event-returned = return { $return_id }: { $restocked ->
        [one] { $restocked } unit
       *[other] { $restocked } units
    } back in stock, { $written_off } damaged written off — { $reason }
event-refund = refund { $amount } by { $method } recorded (pending)
event-refund-ref = refund { $amount } by { $method }, ref { $reference } recorded (pending)
event-exchange = exchange for return { $return_id }: replacement order { $number } ({ $items })
event-replacement = replacement for order { $number } (return { $return_id })
event-shipped = handed to { $carrier } ({ $service }), tracking { $tracking }, COD { $cod }, fee { $fee }
event-received = order received from { $channel }, { $lines ->
        [one] { $lines } line
       *[other] { $lines } lines
    }, total { $total }
event-waiting-po = not enough stock: waiting for a purchase order
event-reserved = stock reserved: ready to pack
event-cancelled-by-buyer = cancelled by the buyer
event-handed-over = handed to carrier, tracking { $tracking }
event-delivered = delivered to the buyer
event-completed-cod = COD received and reconciled
event-completed = order completed
event-vat-invoice-issued = VAT invoice { $invoice } issued
event-return-received = return received, refund { $refund }
event-waiting-for-stock = waiting for stock: { $short }
event-parcel-delivered = { $carrier } delivered parcel { $tracking }: order completed
event-parcel-returned = parcel { $tracking } returned to sender by { $carrier }; goods back in stock
event-parcel-cancelled-ready = { $carrier } cancelled parcel { $tracking }; goods back in stock, order ready to ship again
event-parcel-cancelled-waiting = { $carrier } cancelled parcel { $tracking }; goods back in stock, waiting for stock
event-parcel-unknown-status = { $carrier } reports status `{ $carrier_status }` for { $tracking }, which orderdeck does not know: please check
event-parcel-status = parcel { $tracking }: { $status } ({ $carrier } `{ $carrier_status }`)
event-asked-cancel = asked the carrier to cancel ({ $tracking })
event-asked-redeliver = asked the carrier to deliver again ({ $tracking })
event-asked-return = asked the carrier to return the parcel to us ({ $tracking })
event-cod-received = COD { $amount } received on { $day }
event-cancelled = order cancelled; reservations released
event-cancelled-reason = order cancelled ({ $reason }); reservations released
event-cancelled-on-platform = cancelled on { $platform } ({ $platform_status }); reservations released
event-platform-cancelled-too-late = { $platform } cancelled this order, but it is already { $status } here: nothing was cancelled; stop the parcel or expect it back
event-platform-status = { $platform }: { $before } → { $after } ({ $code })
event-platform-address = delivery address changed on { $platform }: { $address }
event-platform-address-too-late = { $platform } shows a new delivery address, but the order is already { $status } here (not changed): { $address }
event-invoice-issued = e-invoice { $invoice } issued with { $provider }{ $code ->
        [none] {""}
       *[other] , tax-authority code { $code }
    }
event-invoice-replacing = e-invoice { $invoice } replacing { $corrects } issued with { $provider }{ $code ->
        [none] {""}
       *[other] , tax-authority code { $code }
    }
event-invoice-adjusting = e-invoice { $invoice } adjusting { $corrects } issued with { $provider }{ $code ->
        [none] {""}
       *[other] , tax-authority code { $code }
    }
event-invoice-emailed = invoice { $invoice } emailed to { $to }
event-invoice-not-automatic = the invoice was not issued by itself: { $why } — issue it from the preview (I)

## Marketplace fulfilment (issue 16)
event-arranged = shipment arranged with { $platform } ({ $carrier }), tracking { $tracking }
event-cancel-requested = the buyer asked to cancel: { $reason }
event-cancel-request-accepted = the buyer's request to cancel was accepted on { $platform } ({ $reason })
event-cancel-request-rejected = the buyer's request to cancel was rejected on { $platform } ({ $reason }); packing goes on
event-tracking-reported = tracking number { $tracking } told to { $platform }
## cancel
event-cancel-reason = { $code ->
        [out_of_stock] out of stock
        [buyer_asked] the buyer asked
        [duplicate] duplicate order
        [fraud] suspected fraud
        [cannot_deliver] address unreachable, cannot deliver
       *[other] other
    }
event-cancelled-why = order cancelled: { $code ->
        [out_of_stock] out of stock
        [buyer_asked] the buyer asked
        [duplicate] duplicate order
        [fraud] suspected fraud
        [cannot_deliver] address unreachable, cannot deliver
       *[other] other
    }{ $note ->
        [none] {""}
       *[other] {" ("}{ $note })
    }; reservations released{ $invoice ->
        [none] {""}
       *[other] ; invoice { $invoice } to be adjusted to zero
    }
event-cancel-invoice-owed = needs action: the order is cancelled but invoice { $invoice } still stands; its adjustment was not issued ({ $why }). Cancel { $number } again (x, or orderdeck orders cancel) to issue it
event-buyer-notified = buyer told on { $channel }: { $event ->
    [shipped] shipped
    [shipment_out_for_delivery] out for delivery
    [shipment_delivery_failed] delivery failed
    [shipment_delivered] delivered
   *[other] invoice issued
}
