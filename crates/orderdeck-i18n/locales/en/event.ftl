# What the timeline says of an order: each event in the reader's language.

event-claimed = claimed for packing by { $station }
event-claimed-expired = claimed for packing by { $station } (the claim of { $previous } had expired)
event-unclaimed = returned to the pack queue
event-packed = all items scanned and packed
event-returned = return { $return_id }: { $restocked } unit(s) back in stock, { $written_off } damaged written off — { $reason }
event-refund = refund { $amount } by { $method } recorded (pending)
event-refund-ref = refund { $amount } by { $method }, ref { $reference } recorded (pending)
event-exchange = exchange for return { $return_id }: replacement order { $number } ({ $items })
event-replacement = replacement for order { $number } (return { $return_id })
event-shipped = handed to { $carrier } ({ $service }), tracking { $tracking }, COD { $cod }, fee { $fee }
