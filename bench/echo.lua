-- wrk script: POST a typical chat-message-sized JSON body to the development echo route.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"conversation_id":"conv_01JD3V9K2M8Q4T6X0YB5C7N2PA","text":"Хочу 2 букета красных роз на субботу",' ..
           '"items":[{"sku":"RR-M","qty":2,"price":5490},{"sku":"CARD","qty":1,"price":300}],"channel":"telegram"}'
