#!/bin/bash
# A firewall's rules and a route name the addresses they filter or reach:
# network plumbing, not a connection to a node.
iptables -A INPUT -s 10.0.0.121 -p tcp --dport 5432 -j ACCEPT
ufw allow from 10.0.0.122 to any port 5432 proto tcp
firewall-cmd --permanent --add-rich-rule='rule family="ipv4" source address="10.0.0.121" port port="5432" protocol="tcp" accept'
ip route add 10.0.0.120 via 10.0.0.1
sudo nft add rule inet filter input ip saddr 10.0.0.124 tcp dport 6379 accept

# A forward's target sends the port's traffic to one node: a pin.
iptables -t nat -A PREROUTING -p tcp --dport 5432 -j DNAT --to-destination 10.0.0.121:5432
firewall-cmd --add-forward-port=port=6379:proto=tcp:toaddr=10.0.0.124

# A client beside them still connects.
psql -h 10.0.0.122 -c 'select 1'
